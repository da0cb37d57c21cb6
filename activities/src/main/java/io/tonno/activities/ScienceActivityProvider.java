package io.tonno.activities;

import io.tonno.activities.data.DataActivitiesImpl;
import io.tonno.activities.evaluation.EvaluationActivitiesImpl;
import io.tonno.activities.plugin.ActivityContext;
import io.tonno.activities.plugin.ActivityProvider;
import io.tonno.activities.plugin.WorkerPaths;
import io.tonno.activities.reconstruction.ReconstructionActivitiesImpl;
import io.tonno.activities.training.TrainingActivitiesImpl;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.inference.Devices;
import java.nio.file.Path;
import java.util.List;

/**
 * The activity implementations backed by the science modules, found by {@code TonnoPlugin} through
 * {@link java.util.ServiceLoader}. Each worker keeps its downloaded artifacts in a cache directory, reads presets
 * and DICOM series with the files of its {@link WorkerPaths} ({@code TonnoConfig.paths()}, resolved by the
 * worker's config loader), unless a work directory is given here.
 */
public final class ScienceActivityProvider implements ActivityProvider {
    private final Path workDir;
    private final List<ReconstructionActivitiesImpl> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** With the work directory of the worker's configuration ({@link WorkerPaths#workDir()}). */
    public ScienceActivityProvider() {
        this(null);
    }

    /** @param workDir the cache directory, overriding the configuration's; null to take it */
    public ScienceActivityProvider(Path workDir) {
        this.workDir = workDir;
    }

    private Workspace workspace(ActivityContext context) {
        return new Workspace(
                context.store(),
                workDir != null ? workDir : context.config().paths().workDir());
    }

    @Override
    public List<Object> cpuActivities(ActivityContext context) {
        WorkerPaths paths = context.config().paths();
        Workspace work = workspace(context);
        return List.of(
                new DataActivitiesImpl(work, paths.presets(), paths.dcm2niix()), new EvaluationActivitiesImpl(work));
    }

    @Override
    public List<Object> gpuActivities(ActivityContext context) {
        Workspace work = workspace(context);
        String device = context.config().device();
        // A malformed setting fails the worker at start rather than every activity; whether the GPU is usable is
        // checked where a network is built (Devices.available), with the engine's reason.
        Devices.parse(device);
        ReconstructionActivitiesImpl reconstruction = new ReconstructionActivitiesImpl(work, device, 0);
        opened.add(reconstruction);
        return List.of(new TrainingActivitiesImpl(work, device), reconstruction);
    }

    /** Closes the networks the reconstruction activities keep loaded. */
    @Override
    public void close() {
        for (ReconstructionActivitiesImpl r : opened) {
            r.close();
        }
        opened.clear();
    }
}
