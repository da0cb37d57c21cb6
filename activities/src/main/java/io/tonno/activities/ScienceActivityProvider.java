package io.tonno.activities;

import io.tonno.activities.data.DataActivitiesImpl;
import io.tonno.activities.evaluation.EvaluationActivitiesImpl;
import io.tonno.activities.plugin.ActivityContext;
import io.tonno.activities.plugin.ActivityProvider;
import io.tonno.activities.reconstruction.ReconstructionActivitiesImpl;
import io.tonno.activities.training.TrainingActivitiesImpl;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.inference.Devices;
import java.nio.file.Path;
import java.util.List;

/**
 * The activity implementations backed by the science modules, found by {@code TonnoPlugin} through
 * {@link java.util.ServiceLoader}. Each worker keeps its downloaded artifacts in a cache directory:
 * {@code TONNO_WORK_DIR} (environment) or the system property {@code tonno.workDir}, default
 * {@code .tonno/work} under the working directory.
 */
public final class ScienceActivityProvider implements ActivityProvider {
    private final Path workDir;
    private final List<ReconstructionActivitiesImpl> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** With the work directory from the environment (see the class comment). */
    public ScienceActivityProvider() {
        this(defaultWorkDir());
    }

    public ScienceActivityProvider(Path workDir) {
        this.workDir = workDir;
    }

    /** {@code tonno.workDir}, then {@code TONNO_WORK_DIR}, then {@code .tonno/work}. */
    public static Path defaultWorkDir() {
        String dir = System.getProperty("tonno.workDir", System.getenv("TONNO_WORK_DIR"));
        return Path.of(dir == null ? ".tonno/work" : dir);
    }

    @Override
    public List<Object> cpuActivities(ActivityContext context) {
        Workspace work = new Workspace(context.store(), workDir);
        return List.of(new DataActivitiesImpl(work), new EvaluationActivitiesImpl(work));
    }

    @Override
    public List<Object> gpuActivities(ActivityContext context) {
        Workspace work = new Workspace(context.store(), workDir);
        String device = context.config().device();
        // Parsed before any network loads the engine: a GPU device marks a GPU as requested, so the
        // engine's CUDA probe warnings are shown (they are hidden on CPU-only workers), and a bad
        // setting fails the worker at start rather than every activity.
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
