package io.tonno.cli;

import io.temporal.client.WorkflowOptions;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.reconstruction.ReconstructionActivitiesImpl;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.training.TrainingActivitiesImpl;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.Trainer;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.reconstruction.ReconstructionRequest;
import io.tonno.workflows.reconstruction.ReconstructionWorkflow;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench orchestration}: one ToNNO reconstruction of a synthetic volume with a (briefly
 * trained) ResNet-10-T, run (1) in this process, directly through the activity code, and (2) as a
 * {@code ReconstructionWorkflow} with K chunks on the embedded stack (Temporal test server, s3proxy,
 * one worker with one GPU-queue slot, so chunks run one after another as in-process). Prints one
 * JSON object: both wall times and the overhead ratio {@code workflow / in-process - 1}.
 */
@Command(name = "orchestration", mixinStandardHelpOptions = true,
        description = "Overhead of running a reconstruction as a Temporal workflow with K chunks vs in-process.")
public final class BenchOrchestration implements Callable<Integer> {
    @Option(names = "--chunks", description = "K chunks (default ${DEFAULT-VALUE}).")
    int chunks = 4;

    @Option(names = "--directions", description = "L (default ${DEFAULT-VALUE}).")
    int directions = 400;

    @Option(names = "--slices", description = "M (default ${DEFAULT-VALUE}).")
    int slices = 32;

    @Option(names = "--slice-size", description = "Slice side in pixels (default ${DEFAULT-VALUE}).")
    int sliceSize = 32;

    @Option(names = "--size", description = "Volume edge in voxels (default ${DEFAULT-VALUE}).")
    int size = 32;

    @Option(names = "--port-temporal", description = "Temporal port on 127.0.0.1 (default ${DEFAULT-VALUE}: any free port).")
    int temporalPort = 0;

    @Option(names = "--port-s3", description = "S3 port on 127.0.0.1 (default ${DEFAULT-VALUE}: any free port).")
    int s3Port = 0;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("tonno-bench-orchestration");
        try {
            return run(dir);
        } finally {
            Workspace.deleteTree(dir);
        }
    }

    private int run(Path dir) throws Exception {
        Dataset ds = SyntheticDataset.write(dir.resolve("data"), new SynthSettings(6, size, 1, 0.5));
        CaseEntry kase = ds.cases().get(0);
        Volume volume = Nifti.read(kase.image());
        ModelSpec model = new ModelSpec("resnet10t", "gn", null, sliceSize, "none", "cpu", null);
        List<LabeledVolume> train = new ArrayList<>();
        for (CaseEntry c : ds.cases()) {
            train.add(new LabeledVolume(c.id(), Nifti.read(c.image()), c.label()));
        }
        Path trained = dir.resolve("train");
        new Trainer(TrainingActivitiesImpl.config(model, new TrainingSpec(2, 2, 2, null, null, 0, 2, 0, 0L, 2, null), "cpu"),
                train, List.of(), trained).run(false, 2, (s, t, l, lr, sps) -> { });
        Path checkpoint = trained.resolve(Trainer.CHECKPOINT);
        MethodSpec method = new MethodSpec("tonno", null, null, null, directions, slices, sliceSize, null, null);

        // In-process: the same activity code on the whole direction range, then the reduce.
        {
            inProcess(method, model, volume, checkpoint); // warm-up (JIT, native libraries)
            long t0 = System.nanoTime();
            inProcess(method, model, volume, checkpoint);
            double inSeconds = (System.nanoTime() - t0) / 1e9;

            TonnoSettings base = ConfigLoader.load(Map.of(), null, Map.of());
            try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("stack"), temporalPort, s3Port, base,
                    new ScienceActivityProvider(dir.resolve("worker")))) {
                String exp = "bench-orchestration";
                try (ArtifactStore store = MinioArtifactStore.connect(stack.settings().store())) {
                    store.putFile(ArtifactKeys.image(exp, kase.id()), kase.image());
                    store.putFile(ArtifactKeys.checkpoint(exp, 2), checkpoint);
                }
                PreparedCase prepared = new PreparedCase(kase.id(), ArtifactKeys.image(exp, kase.id()),
                        ArtifactKeys.foreground(exp, kase.id()), null);
                int perChunk = (directions + chunks - 1) / chunks;
                double[] seconds = new double[2];
                for (int rep = 0; rep < 2; rep++) { // the first run warms up the worker's cache and code paths
                    String id = exp + "-" + rep;
                    ReconstructionWorkflow wf = stack.client().newWorkflowStub(ReconstructionWorkflow.class,
                            WorkflowOptions.newBuilder().setTaskQueue(stack.settings().queues().workflow())
                                    .setWorkflowId(id).build());
                    MethodSpec labelled = new MethodSpec("tonno", null, null, null, directions, slices, sliceSize,
                            "tonno-" + rep, null);
                    long t1 = System.nanoTime();
                    Heatmap h = wf.run(new ReconstructionRequest(exp, kase.id(), labelled, model,
                            ArtifactKeys.checkpoint(exp, 2), prepared, "bench-" + rep + "-" + System.nanoTime(),
                            perChunk, chunks));
                    seconds[rep] = (System.nanoTime() - t1) / 1e9;
                    if (h.heatmapKey() == null) {
                        throw new IllegalStateException("no heatmap");
                    }
                }
                double wfSeconds = seconds[1];
                System.out.println(String.format(Locale.ROOT,
                        "{\"bench\":\"orchestration\",\"cores\":%d,\"volume\":%d,\"directions\":%d,\"slices\":%d,"
                                + "\"sliceSize\":%d,\"chunks\":%d,\"inProcessSeconds\":%.2f,\"workflowSeconds\":%.2f,"
                                + "\"workflowFirstRunSeconds\":%.2f,\"secondsPerChunk\":%.2f,\"overheadRatio\":%.3f}",
                        Runtime.getRuntime().availableProcessors(), size, directions, slices, sliceSize, chunks,
                        inSeconds, wfSeconds, seconds[0], inSeconds / chunks, wfSeconds / inSeconds - 1));
            }
        }
        return ExitCodes.OK;
    }

    private static void inProcess(MethodSpec method, ModelSpec model, Volume volume,
            Path checkpoint) throws Exception {
        byte[] chunk = ReconstructionActivitiesImpl.compute(new ChunkRequest("bench", "case", method, model, null, null, 0, 0, method.directions(),
                method.directions(), null), volume, checkpoint, "cpu", 0, n -> { });
        ReconstructionActivitiesImpl.combine(method, List.of(chunk), volume, 0);
    }
}
