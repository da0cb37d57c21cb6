package io.tonno.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.SyntheticSetOptions;
import io.tonno.cli.local.SamplingOptions;
import io.tonno.cli.stack.Experiments;
import io.tonno.cli.stack.LocalCluster;
import io.tonno.cli.stack.WorkerProcess;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench soak}: N identical small experiments (ids {@code soak-00..}) submitted at once to
 * a {@link LocalCluster} with W worker JVMs. Checks that every experiment completes (none stuck
 * after {@code --timeout}), that all reach the same results table and the same final model (identical
 * specs must give identical results), and samples each worker's resident set size
 * ({@code VmRSS} of {@code /proc/PID/status}) every second. Prints the RSS over time (one row per 10 s),
 * then one JSON line: wall time, completions, consistency, and per worker the RSS spread over the
 * second half of the run ({@code (max - min) / median}; stable when at most 10 %).
 */
@Command(
        name = "soak",
        description = "Many small experiments at once against worker JVMs: completion, consistency, RSS over time.")
public final class BenchSoak implements Callable<Integer> {
    @Option(names = "--experiments", description = "Experiments submitted at once.")
    int experiments = 20;

    @Option(names = "--workers", description = "Worker JVMs.")
    int workers = 2;

    @Option(names = "--worker-heap", description = "-Xmx of each worker.")
    String heap = "1g";

    @Mixin
    SyntheticSetOptions synthetic = new SyntheticSetOptions(6, 16);

    @Option(names = "--steps", description = "Training steps.")
    int steps = 10;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(16, 4, 16);

    @Option(names = "--timeout", description = "Seconds after which unfinished experiments count as stuck.")
    int timeoutSeconds = 900;

    @Mixin
    WorkDirectoryOption dir = new WorkDirectoryOption();

    record Sample(double seconds, long[] rssKb) {}

    @Override
    public Integer call() throws Exception {
        return dir.run("tonno-soak", this::run);
    }

    private int run(Path root) throws Exception {
        Path data = root.resolve("dataset");
        SyntheticDataset.write(data, synthetic.settings(11));
        ObjectMapper json = TonnoJson.newMapper();
        try (LocalCluster cluster = LocalCluster.start(root.resolve("cluster"))) {
            List<WorkerProcess> procs = cluster.startWorkers(workers, List.of("-Xmx" + heap, "-XX:+UseSerialGC"));
            WorkflowClient client = cluster.client();
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < experiments; i++) {
                String id = String.format(Locale.ROOT, "soak-%02d", i);
                ids.add(id);
                ExperimentSpec spec = json.readValue(spec(id, data.resolve("dataset.json")), ExperimentSpec.class);
                Experiments.start(client, cluster.settings(), id, spec);
            }
            List<Sample> samples = new CopyOnWriteArrayList<>();
            PeriodicSampler sampler = PeriodicSampler.start("tonno-soak-rss", 1000, () -> {
                long[] rss = procs.stream().mapToLong(WorkerProcess::rssKb).toArray();
                samples.add(new Sample((System.nanoTime() - t0) / 1e9, rss));
            });

            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            List<String> pending = new ArrayList<>(ids);
            List<String> failed = new ArrayList<>();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                for (String id : List.copyOf(pending)) {
                    WorkflowExecutionStatus status =
                            client.newUntypedWorkflowStub(id).describe().getStatus();
                    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                        pending.remove(id);
                        if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
                            failed.add(id + ":" + status.name());
                        }
                    }
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            sampler.close();

            // Identical specs must give identical tables and models.
            int consistent = 0;
            int completed = 0;
            String firstTable = null;
            byte[] firstModel = null;
            try (ArtifactStore store =
                    MinioArtifactStore.connect(cluster.settings().plugin().store())) {
                for (String id : ids) {
                    if (pending.contains(id) || failed.stream().anyMatch(f -> f.startsWith(id + ":"))) {
                        continue;
                    }
                    completed++;
                    WorkflowStub stub = client.newUntypedWorkflowStub(id);
                    ExperimentResult r = stub.getResult(ExperimentResult.class);
                    String table = withoutTimings(
                            new String(store.get(ArtifactKeys.results(id, "csv")), StandardCharsets.UTF_8));
                    byte[] model = store.get(r.checkpointKey());
                    if (firstTable == null) {
                        firstTable = table;
                        firstModel = model;
                    }
                    if (table.equals(firstTable) && Arrays.equals(model, firstModel)) {
                        consistent++;
                    }
                }
            }

            System.out.println("RSS of the worker JVMs (MB), one row per 10 s:");
            StringBuilder head = new StringBuilder("   t(s)");
            for (WorkerProcess p : procs) {
                head.append(String.format(Locale.ROOT, " %10s", p.name()));
            }
            System.out.println(head);
            for (Sample s : samples) {
                if (Math.round(s.seconds()) % 10 == 0 || s == samples.get(samples.size() - 1)) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.0f", s.seconds()));
                    for (long kb : s.rssKb()) {
                        row.append(String.format(Locale.ROOT, " %10.0f", kb / 1024.0));
                    }
                    System.out.println(row);
                }
            }
            ArrayNode spread = JsonOutput.object().arrayNode();
            boolean stable = true;
            List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
            for (int w = 0; w < procs.size(); w++) {
                int wi = w;
                long[] v = secondHalf.stream()
                        .mapToLong(s -> s.rssKb()[wi])
                        .filter(x -> x > 0)
                        .sorted()
                        .toArray();
                double median = v.length == 0 ? 0 : v[v.length / 2];
                double ratio = v.length == 0 ? Double.NaN : (v[v.length - 1] - v[0]) / median;
                stable &= ratio <= 0.10;
                spread.add(JsonOutput.object()
                        .put("worker", procs.get(w).name())
                        .put("minMB", Math.round(v.length == 0 ? 0 : v[0] / 1024.0))
                        .put("maxMB", Math.round(v.length == 0 ? 0 : v[v.length - 1] / 1024.0))
                        .put("medianMB", Math.round(median / 1024.0))
                        .put("spread", JsonOutput.rounded(ratio, 3)));
            }
            ObjectNode summary = JsonOutput.object()
                    .put("bench", "soak")
                    .put("cores", Runtime.getRuntime().availableProcessors())
                    .put("experiments", experiments)
                    .put("workers", workers)
                    .put("wallSeconds", JsonOutput.rounded(wall, 1))
                    .put("completed", completed);
            summary.set("failed", json.valueToTree(failed));
            summary.set("stuck", json.valueToTree(pending));
            summary.put("consistent", consistent).put("samples", samples.size());
            summary.set("rssSecondHalf", spread);
            summary.put("rssStableWithin10Percent", stable);
            JsonOutput.line(summary);
            boolean ok = completed == experiments && consistent == experiments && pending.isEmpty();
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private String spec(String id, Path manifest) {
        return String.format(
                Locale.ROOT,
                """
                {"experimentId": "%s", "dataset": "%s", "preprocessing": "synthetic",
                 "model": {"norm": "gn", "sliceSize": %d, "inputNormalization": "none"},
                 "training": {"steps": %d, "volumesPerBatch": 2, "slicesPerVolume": 2, "checkpointInterval": %d,
                              "segmentSteps": %d, "warmupSteps": 2, "learningRate": 0.002},
                 "methods": [{"name": "tonno", "directions": %d, "slices": %d}],
                 "fanout": {"directionsPerChunk": %d, "chunksInFlight": 2, "casesInFlight": 2}}
                """,
                id,
                manifest.toString().replace("\\", "\\\\"),
                sampling.sliceSize.size(),
                steps,
                Math.max(1, steps / 2),
                steps,
                sampling.directions,
                sampling.slices,
                Math.max(1, sampling.directions / 2));
    }

    /** The results CSV with its {@code seconds_per_volume} column blanked: compute times differ between runs. */
    public static String withoutTimings(String csv) {
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty()) {
            return csv;
        }
        int col = Arrays.asList(lines.get(0).split(",", -1)).indexOf("seconds_per_volume");
        if (col < 0) {
            return csv;
        }
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (col < cells.length) {
                cells[col] = "";
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }
}
