package io.tonno.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.client.WorkflowOptions;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.reconstruction.ExperimentNetworks;
import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.training.TrainingSpecs;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.local.SamplingOptions;
import io.tonno.cli.local.Train;
import io.tonno.cli.stack.EmbeddedStack;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.reconstruction.ReconstructionRequest;
import io.tonno.workflows.reconstruction.ReconstructionWorkflow;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench orchestration}: one ToNNO reconstruction of a synthetic volume with a (briefly
 * trained) ResNet-10-T, run (1) in this process, directly through {@code HeatmapMethods} (what the activities
 * call), and (2) as a
 * {@code ReconstructionWorkflow} with K chunks on the embedded stack (Temporal test server, s3proxy,
 * one worker with one GPU-queue slot, so chunks run one after another as in-process). After a warm-up,
 * the two kinds alternate in pairs (AB, BA, AB, ...); {@code overheadRatio} is the median over the
 * pairs of {@code workflow / in-process - 1}, which a slow phase of a shared machine shifts far less
 * than it shifts a ratio of medians (also printed). Prints one JSON object with all runs' wall times,
 * the chunks' own compute time (from their timing files) and the workflow time outside it.
 */
@Command(
        name = "orchestration",
        description = "Overhead of running a reconstruction as a Temporal workflow with K chunks vs in-process.")
public final class BenchOrchestration implements Callable<Integer> {
    @Option(names = "--chunks", description = "K chunks (the default is about 2 s of work each on 2 cores).")
    int chunks = 5;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(400, 32, 32);

    @Option(names = "--size", description = "Volume edge in voxels.")
    int size = 32;

    @Option(
            names = "--repeats",
            description = "Timed pairs (in-process, workflow); overheadRatio is their median ratio.")
    int repeats = 7;

    @Option(names = "--timeline", description = "Also print the event timeline of the last workflow run (to stderr).")
    boolean timeline;

    @Option(names = "--port-temporal", description = "Temporal port on 127.0.0.1 (0 = any free port).")
    int temporalPort = 0;

    @Option(names = "--port-s3", description = "S3 port on 127.0.0.1 (0 = any free port).")
    int s3Port = 0;

    @Override
    public Integer call() throws Exception {
        return BenchOutput.inDirectory(null, "tonno-bench-orchestration", this::run);
    }

    private int run(Path dir) throws Exception {
        Dataset ds = SyntheticDataset.write(dir.resolve("data"), new SynthSettings(6, size, 1, 0.5));
        CaseEntry kase = ds.cases().get(0);
        Volume volume = Nifti.read(kase.image());
        ModelSpec model = ModelSpec.of("resnet10t", "gn", sampling.sliceSize.size(), "cpu");
        List<LabeledVolume> train = Train.load(ds.cases(), false);
        Path trained = dir.resolve("train");
        new TrainingRun(
                        TrainingSpecs.config(
                                model,
                                new TrainingSpec(
                                        2, 2, 2, null, null, 0, 2, 0, 0L, 2, null, null, null, null, null, null, null,
                                        null, null, null),
                                "cpu"),
                        train,
                        List.of(),
                        trained)
                .run(false, 2, (s, t, l, lr, sps) -> {});
        Path checkpoint = trained.resolve(TrainingRun.CHECKPOINT);
        MethodSpec method = tonno(null);

        // In-process: HeatmapMethods, which the chunk and reduce activities call, on the whole direction range,
        // with the network loaded once beforehand (as a worker keeps it between chunks).
        try (ResNet net = ExperimentNetworks.load(checkpoint, model, "cpu")) {
            return compare(dir, ds, kase, volume, model, checkpoint, method, net);
        }
    }

    private int compare(
            Path dir,
            Dataset ds,
            CaseEntry kase,
            Volume volume,
            ModelSpec model,
            Path checkpoint,
            MethodSpec method,
            ResNet net)
            throws Exception {
        inProcess(method, model, volume, net); // warm-up (JIT, native libraries)
        ProcessSettings base = ConfigLoader.load(Map.of(), null, Map.of());
        try (EmbeddedStack stack = EmbeddedStack.start(
                dir.resolve("stack"), temporalPort, s3Port, base, new ScienceActivityProvider(dir.resolve("worker")))) {
            String exp = "bench-orchestration";
            try (ArtifactStore store =
                    MinioArtifactStore.connect(stack.settings().plugin().store())) {
                store.putFile(ArtifactKeys.image(exp, kase.id()), kase.image());
                store.putFile(ArtifactKeys.checkpoint(exp, 2), checkpoint);
                PreparedCase prepared = new PreparedCase(
                        kase.id(), ArtifactKeys.image(exp, kase.id()), ArtifactKeys.foreground(exp, kase.id()), null);
                int perChunk = (sampling.directions + chunks - 1) / chunks;
                // Run 0 warms up the worker (its network cache and code paths); then in-process and workflow
                // runs alternate in pairs, so that a slow phase of the machine hits both runs of a pair.
                double first = workflowRun(stack, exp, 0, prepared, model, perChunk);
                double[] in = new double[repeats];
                double[] wf = new double[repeats];
                double[] compute = new double[repeats];
                double[] activity = new double[repeats];
                for (int rep = 0; rep < repeats; rep++) {
                    // Pairs in the order AB, BA, AB, ...: a machine slowing down or speeding up hits both kinds.
                    if (rep % 2 == 1) {
                        wf[rep] = workflowRun(stack, exp, rep + 1, prepared, model, perChunk);
                    }
                    long t0 = System.nanoTime();
                    inProcess(method, model, volume, net);
                    in[rep] = (System.nanoTime() - t0) / 1e9;
                    if (rep % 2 == 0) {
                        wf[rep] = workflowRun(stack, exp, rep + 1, prepared, model, perChunk);
                    }
                    activity[rep] = chunkActivitySeconds(stack, exp + "-" + (rep + 1));
                    for (int c = 0; c < chunks; c++) {
                        compute[rep] += new ObjectMapper()
                                .readTree(store.get(ArtifactKeys.chunkTiming(exp, "tonno-" + (rep + 1), kase.id(), c)))
                                .get("seconds")
                                .asDouble();
                    }
                }
                if (timeline) {
                    printTimeline(stack, exp + "-" + repeats);
                }
                double inSeconds = median(in);
                double wfSeconds = median(wf);
                double[] paired = new double[repeats];
                double[] outside = new double[repeats];
                for (int rep = 0; rep < repeats; rep++) {
                    paired[rep] = wf[rep] / in[rep] - 1;
                    outside[rep] = wf[rep] - compute[rep];
                }
                ObjectNode line = JsonOutput.object()
                        .put("bench", "orchestration")
                        .put("cores", Runtime.getRuntime().availableProcessors())
                        .put("volume", size)
                        .put("directions", sampling.directions)
                        .put("slices", sampling.slices)
                        .put("sliceSize", sampling.sliceSize.size())
                        .put("chunks", chunks)
                        .put("repeats", repeats)
                        .put("inProcessSeconds", JsonOutput.rounded(inSeconds, 2))
                        .put("workflowSeconds", JsonOutput.rounded(wfSeconds, 2))
                        .put("workflowFirstRunSeconds", JsonOutput.rounded(first, 2))
                        .put("chunkComputeSeconds", JsonOutput.rounded(median(compute), 2))
                        .put("chunkActivitySeconds", JsonOutput.rounded(median(activity), 2))
                        .put("outsideChunkComputeSeconds", JsonOutput.rounded(median(outside), 2))
                        .put("secondsPerChunk", JsonOutput.rounded(median(compute) / chunks, 2));
                list(line.putArray("inProcessRuns"), in, 2);
                list(line.putArray("workflowRuns"), wf, 2);
                list(line.putArray("pairedOverheadRatios"), paired, 3);
                line.put("ratioOfMedians", JsonOutput.rounded(wfSeconds / inSeconds - 1, 3))
                        .put("overheadRatio", JsonOutput.rounded(median(paired), 3));
                JsonOutput.line(line);
            }
        }
        return ExitCodes.OK;
    }

    /** ToNNO at {@code --directions}, {@code --slices} and {@code --slice-size}, labelled {@code label} (or not). */
    private MethodSpec tonno(String label) {
        return MethodSpec.of("tonno")
                .withSampling(sampling.directions, sampling.slices)
                .withSliceSize(sampling.sliceSize.size())
                .withLabel(label);
    }

    /** One {@code ReconstructionWorkflow} run (method label {@code tonno-<rep>}); returns its wall seconds. */
    private double workflowRun(
            EmbeddedStack stack, String exp, int rep, PreparedCase prepared, ModelSpec model, int perChunk) {
        ReconstructionWorkflow wf = stack.client()
                .newWorkflowStub(
                        ReconstructionWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(stack.settings().plugin().queues().workflow())
                                .setWorkflowId(exp + "-" + rep)
                                .build());
        MethodSpec labelled = tonno("tonno-" + rep);
        long t1 = System.nanoTime();
        Heatmap h = wf.run(new ReconstructionRequest(
                exp,
                prepared.caseId(),
                labelled,
                model,
                ArtifactKeys.checkpoint(exp, 2),
                prepared,
                "bench-" + rep + "-" + System.nanoTime(),
                perChunk,
                chunks));
        double s = (System.nanoTime() - t1) / 1e9;
        if (h.heatmapKey() == null) {
            throw new IllegalStateException("no heatmap");
        }
        return s;
    }

    /** Sum over the chunk activities of the run of their started-to-completed time, from the history. */
    private static double chunkActivitySeconds(EmbeddedStack stack, String workflowId) {
        java.util.Map<Long, Long> started = new java.util.HashMap<>();
        java.util.Set<Long> chunkScheduled = new java.util.HashSet<>();
        double sum = 0;
        for (var e : stack.client().fetchHistory(workflowId).getHistory().getEventsList()) {
            long ms = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
            if (e.hasActivityTaskScheduledEventAttributes()
                    && e.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName()
                            .equals("ReconstructChunk")) {
                chunkScheduled.add(e.getEventId());
            } else if (e.hasActivityTaskStartedEventAttributes()) {
                started.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), ms);
            } else if (e.hasActivityTaskCompletedEventAttributes()) {
                long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                if (chunkScheduled.contains(id) && started.containsKey(id)) {
                    sum += (ms - started.get(id)) / 1e3;
                }
            }
        }
        return sum;
    }

    /** Each history event of the workflow with its time since the first event, to see where time goes. */
    private static void printTimeline(EmbeddedStack stack, String workflowId) {
        var history = stack.client().fetchHistory(workflowId);
        long t0 = -1;
        for (var e : history.getHistory().getEventsList()) {
            long ms = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
            if (t0 < 0) {
                t0 = ms;
            }
            String what = e.getEventType().name().replace("EVENT_TYPE_", "");
            if (e.hasActivityTaskScheduledEventAttributes()) {
                what += " "
                        + e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName();
            }
            System.err.printf(Locale.ROOT, "%8d ms  %s%n", ms - t0, what);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void list(ArrayNode array, double[] v, int digits) {
        for (double x : v) {
            array.add(JsonOutput.rounded(x, digits));
        }
    }

    /** The heatmap computed in this process by the code the chunk and reduce activities run. */
    private static void inProcess(MethodSpec method, ModelSpec model, Volume volume, ResNet net) {
        HeatmapMethods.compute(
                net, volume, MethodSpecs.settings(method, model.sliceSize(), 0, MethodSettings.DEFAULT_BATCH));
    }
}
