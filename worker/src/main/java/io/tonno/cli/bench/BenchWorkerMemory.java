package io.tonno.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.tonno.activities.support.TonnoJson;
import io.tonno.activities.work.Workspace;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.SyntheticSetOptions;
import io.tonno.cli.local.SliceSizeOption;
import io.tonno.cli.stack.Experiments;
import io.tonno.cli.stack.LocalCluster;
import io.tonno.cli.stack.WorkerProcess;
import io.tonno.workflows.experiment.ExperimentStage;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.experiment.Progress;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench worker-memory}: resident memory of one long-lived worker JVM that trains
 * {@code --segments} training segments of each of {@code --experiments} experiments, one experiment
 * after the other (issue 20: within 10 % between the end of the first segment and the end of the
 * last). Starts a {@link LocalCluster} (Temporal test server and s3proxy in this JVM) and one
 * {@link WorkerProcess} on all three queues, writes a synthetic dataset (24 cases of 64³ by default),
 * and submits each experiment with the default training spec (ResNet-10-T, group norm, 64² slices,
 * 8 volumes × 16 slices per step) and {@code segmentSteps = --segment-steps}.
 *
 * <p>Only training is measured: the spec plans one segment more than it runs; the bench sends the
 * {@code pause} signal while the last measured segment runs (the workflow holds before the next one),
 * then terminates the paused experiment, so no calibration or reconstruction runs on the worker. The
 * worker's {@code VmRSS} is printed every second and at each segment end (seen through the
 * {@code progress} query, polled every 250 ms), then one summary line. Exit code 1 when the ratio
 * exceeds {@code --max-ratio}, or an experiment failed or timed out.
 *
 * <p>By default the worker's heap (1 GB) is committed and touched at start, so that RSS grows only with
 * native memory: otherwise the first segments also add the pages of the old generation as promoted garbage
 * first reaches them (bounded by the committed heap, so growth but not a leak); with the pre-touched heap the
 * summary also gives the native part ({@code RSS - heap}) and its ratio.
 */
@Command(
        name = "worker-memory",
        description =
                "Resident memory of one worker JVM training segments of several experiments back to back (JSON lines).")
public final class BenchWorkerMemory implements Callable<Integer> {
    @Option(names = "--experiments", description = "Experiments, one after the other.")
    int experiments = 2;

    @Option(names = "--segments", description = "Training segments per experiment, at least 2.")
    int segments = 3;

    @Option(names = "--segment-steps", description = "Training steps per segment.")
    int segmentSteps = 100;

    @Mixin
    SyntheticSetOptions synthetic = new SyntheticSetOptions(24, 64);

    @Mixin
    SliceSizeOption sliceSize = new SliceSizeOption(64);

    @Option(names = "--volumes-per-batch", description = "Volumes per step.")
    int volumesPerBatch = 8;

    @Option(names = "--slices-per-volume", description = "Slices per volume per step.")
    int slicesPerVolume = 16;

    @Option(names = "--norm", description = "Norm kind: gn, bn, frozen-bn.")
    String norm = "gn";

    @Option(names = "--dataset", description = "Dataset manifest; default: a generated synthetic set.")
    Path dataset;

    @Option(names = "--worker-heap", description = "-Xmx of the worker JVM, e.g. 1g, 1536m.")
    String heap = "1g";

    @Option(
            names = "--heap-pretouch",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Commit and touch the whole worker heap at start (-Xms = -Xmx, -XX:+AlwaysPreTouch), so that "
                    + "RSS changes are native memory, not the heap's first use.")
    boolean pretouch;

    @Option(names = "--worker-jvm-option", description = "Extra JVM option of the worker (repeatable).")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = "--max-ratio", description = "Largest accepted RSS ratio, last segment end / first.")
    double maxRatio = 1.10;

    @Option(names = "--timeout", description = "Seconds allowed per experiment.")
    int timeoutSeconds = 3600;

    @Mixin
    WorkDirectoryOption dir = new WorkDirectoryOption();

    /** The RSS of the worker when a segment ended. */
    record SegmentEnd(String experiment, int segment, int step, double seconds, long rssMib) {}

    @Override
    public Integer call() throws Exception {
        if (experiments < 1
                || segments < 2
                || segmentSteps < 1
                || synthetic.cases < 6
                || synthetic.size < 8
                || maxRatio <= 0
                || !heap.trim().matches("[0-9]+[kKmMgGtT]?")) {
            System.err.println("tonno bench worker-memory: need experiments >= 1, segments >= 2, segment-steps >= 1, "
                    + "cases >= 6, size >= 8, max-ratio > 0 and a worker heap such as 1g");
            return ExitCodes.BAD_INPUT;
        }
        return dir.run("tonno-worker-memory", this::run);
    }

    private int run(Path root) throws Exception {
        ObjectMapper json = TonnoJson.newMapper();
        Path manifest = BenchInputs.dataset(dataset, root.resolve("dataset"), synthetic.settings(1));
        // A reused --dir must not hold the former run's checkpoints: training would resume from them.
        Workspace.deleteTree(root.resolve("cluster"));
        long t0 = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(root.resolve("cluster"))) {
            List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
            if (pretouch) {
                jvm.addAll(List.of("-Xms" + heap, "-XX:+AlwaysPreTouch"));
            }
            jvm.addAll(workerJvmOptions);
            WorkerProcess worker = cluster.startWorker(jvm);
            WorkflowClient client = cluster.client();
            JsonOutput.line(sample("worker-started", null, null, 0, seconds(t0), worker));
            List<SegmentEnd> ends = new ArrayList<>();
            long peak = 0;
            for (int e = 0; e < experiments; e++) {
                String id = String.format(Locale.ROOT, "worker-memory-%02d", e);
                ExperimentSpec spec = json.readValue(spec(id, manifest), ExperimentSpec.class);
                Experiments.start(client, cluster.settings(), id, spec);
                ExperimentWorkflow running = client.newWorkflowStub(ExperimentWorkflow.class, id);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                int seen = 0;
                boolean pauseSent = false;
                long nextSample = 0;
                while (seen < segments) {
                    if (!worker.isAlive()) {
                        System.err.println("tonno bench worker-memory: the worker exited; its log: " + worker.log()
                                + "\n" + tail(worker));
                        return ExitCodes.FAILED;
                    }
                    if (System.nanoTime() > deadline) {
                        System.err.println("tonno bench worker-memory: experiment " + id + " did not train " + segments
                                + " segments within " + timeoutSeconds + " s");
                        return ExitCodes.FAILED;
                    }
                    WorkflowExecutionStatus status;
                    Progress p;
                    try {
                        status = client.newUntypedWorkflowStub(id).describe().getStatus();
                        p = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                                ? running.progress()
                                : null;
                    } catch (RuntimeException busy) {
                        // A loaded machine can make one call miss its deadline; the next poll tries again.
                        System.err.println("tonno bench worker-memory: polling " + id + " failed, retrying: " + busy);
                        Thread.sleep(1000);
                        continue;
                    }
                    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                        System.err.println("tonno bench worker-memory: experiment " + id + " ended as " + status.name()
                                + " before " + segments + " segments; worker log: " + worker.log() + "\n"
                                + tail(worker));
                        return ExitCodes.FAILED;
                    }
                    int done = ExperimentStage.of(p.stage()) == ExperimentStage.TRAIN ? p.step() / segmentSteps : 0;
                    if (done > seen) {
                        long rss = rssMib(worker);
                        peak = Math.max(peak, rss);
                        for (int s = seen + 1; s <= done; s++) {
                            SegmentEnd end = new SegmentEnd(id, s, p.step(), seconds(t0), rss);
                            ends.add(end);
                            Map<String, Object> o = sample("segment-end", id, p.stage(), p.step(), end.seconds(), rss);
                            o.put("segment", s);
                            o.put("loss", p.loss());
                            JsonOutput.line(o);
                        }
                        seen = done;
                    }
                    // Segment `segments` is running (the workflow scheduled it in the same task that
                    // recorded the step): hold the experiment before the extra planned segment.
                    if (!pauseSent && "train".equals(p.stage()) && p.step() >= (segments - 1) * segmentSteps) {
                        try {
                            running.pause();
                            pauseSent = true;
                        } catch (RuntimeException busy) {
                            System.err.println(
                                    "tonno bench worker-memory: pausing " + id + " failed, retrying: " + busy);
                        }
                    }
                    if (System.nanoTime() >= nextSample) {
                        long rss = rssMib(worker);
                        peak = Math.max(peak, rss);
                        JsonOutput.line(sample("sample", id, p.stage(), p.step(), seconds(t0), rss));
                        nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    }
                    Thread.sleep(250);
                }
                Progress last = retry(running::progress);
                retry(() -> {
                    client.newUntypedWorkflowStub(id).terminate("bench worker-memory: training segments measured");
                    return null;
                });
                if (!last.paused() || last.step() != segments * segmentSteps) {
                    System.err.println("tonno bench worker-memory: experiment " + id + " was not held after " + segments
                            + " segments (step " + last.step() + ", paused " + last.paused() + ")");
                    return ExitCodes.FAILED;
                }
            }
            Map<String, Object> s = summary(ends, segments, experiments, pretouch ? heapMib(heap) : 0);
            s.put("segmentSteps", segmentSteps);
            s.put("peakRssMiB", peak);
            s.put("maxRatio", maxRatio);
            s.put("workerHeap", heap);
            s.put("heapPretouched", pretouch);
            s.put("norm", norm);
            s.put("sliceSize", sliceSize.size());
            s.put("batch", volumesPerBatch + "x" + slicesPerVolume);
            s.put("wallSeconds", Math.round(seconds(t0) * 10) / 10.0);
            s.put("cores", Runtime.getRuntime().availableProcessors());
            JsonOutput.line(s);
            double ratio = (double) s.get("ratio");
            return ratio <= maxRatio ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /**
     * The summary line: RSS at the end of the first segment and at the end of the last, their ratio
     * (NaN without two segment ends), and every segment end in order.
     */
    static Map<String, Object> summary(List<SegmentEnd> ends, int segments, int experiments, long pretouchedHeapMib) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bench", "worker-memory");
        s.put("summary", true);
        s.put("experiments", experiments);
        s.put("segments", segments);
        long first = ends.isEmpty() ? -1 : ends.get(0).rssMib();
        long last = ends.isEmpty() ? -1 : ends.get(ends.size() - 1).rssMib();
        s.put("rssAfterFirstSegmentMiB", first);
        s.put("rssAtEndMiB", last);
        s.put("ratio", ends.size() >= 2 && first > 0 ? Math.round(1000.0 * last / first) / 1000.0 : Double.NaN);
        s.put("segmentEndsMiB", ends.stream().map(SegmentEnd::rssMib).toList());
        if (pretouchedHeapMib > 0 && ends.size() >= 2 && first > pretouchedHeapMib) {
            // The heap is resident in full from the start: the rest is native memory (libtorch, buffers, threads).
            s.put("nativeAfterFirstSegmentMiB", first - pretouchedHeapMib);
            s.put("nativeAtEndMiB", last - pretouchedHeapMib);
            s.put(
                    "nativeRatio",
                    Math.round(1000.0 * (last - pretouchedHeapMib) / (first - pretouchedHeapMib)) / 1000.0);
        }
        return s;
    }

    /** MiB of a JVM size such as {@code 1g}, {@code 1536m}, {@code 2097152k}. */
    static long heapMib(String size) {
        String v = size.trim().toLowerCase(Locale.ROOT);
        long n = Long.parseLong(v.replaceAll("[kmgt]$", ""));
        return switch (v.charAt(v.length() - 1)) {
            case 't' -> n << 20;
            case 'g' -> n << 10;
            case 'm' -> n;
            case 'k' -> n >> 10;
            default -> n >> 20;
        };
    }

    /** The experiment spec: training only is meant to run, one segment more is planned than measured. */
    String spec(String id, Path manifest) {
        int interval = segmentSteps % 100 == 0 ? 100 : segmentSteps;
        return String.format(
                Locale.ROOT,
                """
                {"experimentId": "%s", "dataset": "%s", "preprocessing": "synthetic",
                 "model": {"arch": "resnet10t", "norm": "%s", "sliceSize": %d, "inputNormalization": "none"},
                 "training": {"steps": %d, "volumesPerBatch": %d, "slicesPerVolume": %d, "learningRate": 0.001,
                              "weightDecay": 0.05, "warmupSteps": %d, "checkpointInterval": %d,
                              "segmentSteps": %d, "seed": 0},
                 "methods": [{"name": "tonno", "directions": 16, "slices": 4}],
                 "fanout": {"directionsPerChunk": 8, "chunksInFlight": 1, "casesInFlight": 1}}
                """,
                id,
                manifest.toAbsolutePath().toString().replace("\\", "\\\\"),
                norm,
                sliceSize.size(),
                (segments + 1) * segmentSteps,
                volumesPerBatch,
                slicesPerVolume,
                Math.min(50, segmentSteps),
                interval,
                segmentSteps);
    }

    /** A client call, tried up to 5 times a few seconds apart (a loaded machine can make one miss its deadline). */
    private static <T> T retry(java.util.function.Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException busy) {
                if (attempt == 5) {
                    throw busy;
                }
                System.err.println("tonno bench worker-memory: retrying after " + busy);
                Thread.sleep(3000);
            }
        }
    }

    private static Map<String, Object> sample(
            String event, String experiment, String stage, int step, double seconds, WorkerProcess worker) {
        return sample(event, experiment, stage, step, seconds, rssMib(worker));
    }

    private static Map<String, Object> sample(
            String event, String experiment, String stage, int step, double seconds, long rssMib) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("bench", "worker-memory");
        o.put("event", event);
        o.put("experiment", experiment);
        o.put("stage", stage);
        o.put("step", step);
        o.put("seconds", Math.round(seconds * 10) / 10.0);
        o.put("rssMiB", rssMib);
        return o;
    }

    private static long rssMib(WorkerProcess worker) {
        long kb = worker.rssKb();
        return kb < 0 ? -1 : kb >> 10;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String tail(WorkerProcess worker) {
        try {
            List<String> lines = worker.logLines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
