package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.activities.work.Workspace;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.Tonno;
import io.tonno.cli.bench.BenchSoak;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault campaign: real worker JVMs killed with SIGKILL, the S3 server stopped, the whole stack
 * restarted. One {@link LocalCluster} (Temporal test server and s3proxy in this JVM, two worker JVMs)
 * is shared; an uninterrupted reference experiment runs first, and every faulted experiment (same
 * spec, other id) must reach the same model bytes, the same heatmap voxels and the same scores.
 * Workers see one processor each, so every network runs on one thread and results are
 * bit-reproducible across workers.
 *
 * <p>Workflows run on an orchestrator worker JVM that serves only the workflow queue and is killed only
 * with the whole stack; the killed workers run activities, as GPU machines do on a cluster. (Killing a
 * worker that also ran workflows stranded the parent's next workflow task on its sticky queue, which
 * Temporal's Java test server does not reroute.) Tagged {@code faults}: {@code -Dgroups=faults} runs it alone.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class FaultCampaignTest {
    static final int STEPS = 30;
    static final int INTERVAL = 5;
    static final List<String> JVM = List.of("-Xmx768m", "-XX:+UseSerialGC");

    static final String SPEC = """
            {"experimentId": "%s", "dataset": "%s", "preprocessing": "synthetic",
             "model": {"norm": "gn", "sliceSize": 16, "inputNormalization": "none"},
             "training": {"steps": %d, "volumesPerBatch": 2, "slicesPerVolume": 2, "checkpointInterval": %d,
                          "segmentSteps": %d, "warmupSteps": 3, "learningRate": 0.002},
             "methods": [{"name": "tonno", "directions": 64, "slices": 6}],
             "fanout": {"directionsPerChunk": 32, "chunksInFlight": 2, "casesInFlight": 2}}
            """;

    private final ObjectMapper json = TonnoJson.newMapper();
    private Path dir;
    private Path dataset;
    private LocalCluster cluster;
    private ExperimentResult reference;

    @BeforeAll
    void startClusterAndRunTheReference() throws Exception {
        dir = Files.createTempDirectory("tonno-faults");
        dataset = dir.resolve("dataset");
        SyntheticDataset.write(dataset, new SynthSettings(8, 16, 7, 0.5));
        cluster = LocalCluster.start(dir.resolve("cluster"));
        // Workflows run on a worker that is never killed mid-experiment; the killed ones run activities.
        cluster.startOrchestrator(JVM);
        cluster.startWorkers(2, JVM);
        start("ref");
        reference = result("ref", Integer.getInteger("tonno.faults.referenceSeconds", 600));
        assertEquals(STEPS, reference.trainedSteps());
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (cluster != null) {
            cluster.close();
            // The workers' logs outlive the temporary directory, for a failed run's diagnosis.
            Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
            for (WorkerProcess w : cluster.workers()) {
                Files.copy(w.log(), logs.resolve(w.name() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (dir != null) {
            Workspace.deleteTree(dir);
        }
    }

    @Test
    @Order(1)
    void killedTrainingWorkerIsResumedFromItsLastCheckpointAndReachesTheSameWeights() throws Exception {
        start("faulted");
        await("a checkpoint of faulted after step 0", 600, () -> latestStep("faulted") >= INTERVAL);
        WorkerProcess victim = await("the worker training faulted", 120, () -> runningOn("TrainSegment", "faulted"));
        int published = latestStep("faulted");
        assertTrue(published < STEPS, "training finished before the kill; make it longer");
        victim.kill();
        cluster.startWorkerInBackground(JVM);
        await("the train stage of faulted", 600, () -> exists(ArtifactKeys.stageManifest("faulted", "train")));

        // The killed attempt's last checkpoint K; the retry (attempt 2, on another worker) starts at X.
        int k = lastMatch(victim.logLines(), "experiment faulted: trained to step (\\d+)");
        assertTrue(k >= INTERVAL, "the killed worker logged no checkpoint");
        // A retry is any attempt after the first (a machine that stalls a worker can add spurious ones).
        String retry = "activity TrainSegment attempt ([2-9]|\\d\\d+) of faulted started";
        WorkerProcess heir = cluster.workers().stream()
                .filter(w -> w != victim)
                .filter(w -> countMatches(w, retry) > 0)
                .findFirst()
                .orElse(null);
        assertNotNull(heir, "no worker retried the training segment");
        List<String> after = linesAfter(heir.logLines(), retry);
        int x = firstMatch(after, "experiment faulted: training from step (\\d+)");
        // The killed attempt had done at most K + INTERVAL - 1 steps (it was inside the interval after K,
        // or had just written K before latest.json): X >= K - INTERVAL means at most one interval is
        // recomputed; X > 0 means the retry did not restart from scratch.
        assertTrue(x > 0 && x <= k && x >= k - INTERVAL, "retry started at step " + x + ", last checkpoint " + k);
        assertArrayEquals(
                get(ArtifactKeys.checkpoint("ref", STEPS)),
                get(ArtifactKeys.checkpoint("faulted", STEPS)),
                "final checkpoint (weights, AdamW moments, sampler) differs from the uninterrupted run");
        assertSameOutputs("ref", "faulted", result("faulted", 600));
    }

    @Test
    @Order(2)
    void killedReconstructionWorkerIsRetriedAndTheHeatmapsAreBitIdentical() throws Exception {
        // An experiment of its own: chunks take well under a second here, so one already past training when
        // this test starts could finish its reconstruction before a chunk is seen running.
        start("chunkfault");
        String[] chunk = new String[1];
        WorkerProcess victim = await("a reconstruction chunk of chunkfault", 600, () -> {
            for (WorkerProcess w : cluster.workers()) {
                String wf = running(w, "ReconstructChunk", "chunkfault/");
                if (wf != null) {
                    chunk[0] = wf;
                    return w;
                }
            }
            return null;
        });
        victim.kill();
        cluster.startWorkerInBackground(JVM);
        ExperimentResult faulted = result("chunkfault", 600);
        String retry = "activity ReconstructChunk attempt ([2-9]|\\d\\d+) of " + Pattern.quote(chunk[0]) + " started";
        assertTrue(
                cluster.workers().stream().anyMatch(w -> w != victim && countMatches(w, retry) > 0),
                "no worker retried the killed chunk of " + chunk[0]);
        assertSameOutputs("ref", "chunkfault", faulted);
    }

    @Test
    @Order(3)
    void storeOutageOfFifteenSecondsIsRetriedThroughAndChangesNothing() throws Exception {
        start("outage");
        await("a checkpoint of outage", 600, () -> latestStep("outage") >= INTERVAL);
        cluster.stopS3();
        long stopped = System.nanoTime();
        try {
            Thread.sleep(15_000);
        } finally {
            cluster.startS3();
        }
        ExperimentResult outage = result("outage", 600);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped) >= 15);
        assertTrue(
                cluster.workers().stream()
                        .anyMatch(w -> countMatches(w, "activity \\w+ attempt \\d+ of outage\\S* failed") > 0),
                "no activity failed during the outage");
        assertEquals(STEPS, outage.trainedSteps());
        assertArrayEquals(get(ArtifactKeys.checkpoint("ref", STEPS)), get(ArtifactKeys.checkpoint("outage", STEPS)));
        assertSameOutputs("ref", "outage", outage);
    }

    @Test
    @Order(4)
    void restartedStackResumesFromTheStoreSkippingFinishedStagesAndTrainingFromLatestJson() throws Exception {
        start("restart");
        await("two checkpoints of restart", 600, () -> latestStep("restart") >= 2 * INTERVAL);
        cluster.killWorkers();
        int latest = latestStep("restart");
        assertTrue(latest < STEPS, "training finished before the stop; make it longer");
        cluster.stopTemporal();
        cluster.stopS3();

        cluster.startS3();
        cluster.startTemporal();
        List<WorkerProcess> before = cluster.workers();
        cluster.startOrchestrator(JVM);
        cluster.startWorkers(2, JVM);
        List<WorkerProcess> fresh =
                cluster.workers().stream().filter(w -> !before.contains(w)).toList();

        Cli resume = tonno("resume", "restart");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(
                resume.out().contains("relaunched") && resume.out().contains("from the artifact store"), resume.out());
        ExperimentResult restarted = result("restart", 600);

        assertTrue(
                restarted.skippedStages().contains("preprocess"),
                restarted.skippedStages().toString());
        for (WorkerProcess w : fresh) {
            assertEquals(
                    0,
                    countMatches(w, "activity PreprocessCase attempt \\d+ of restart started"),
                    w + " preprocessed again");
        }
        int resumed = fresh.stream()
                .mapToInt(w -> lastMatchOr(w, "experiment restart: training resumes from step (\\d+)"))
                .max()
                .orElse(-1);
        assertTrue(
                resumed >= latest && resumed >= 2 * INTERVAL,
                "training resumed from " + resumed + ", latest.json said " + latest);
        int firstFrom = fresh.stream()
                .mapToInt(w -> firstMatchOr(w, "experiment restart: training from step (\\d+)"))
                .filter(v -> v >= 0)
                .min()
                .orElse(-1);
        assertEquals(resumed, firstFrom, "the first trained interval after the restart");
        assertArrayEquals(get(ArtifactKeys.checkpoint("ref", STEPS)), get(ArtifactKeys.checkpoint("restart", STEPS)));
        assertSameOutputs("ref", "restart", restarted);
    }

    @Test
    @Order(5)
    void secondSubmissionOfTheSameIdReportsTheExistingRunInsteadOfStartingAnother() throws Exception {
        Path spec = dir.resolve("dup.json");
        Files.writeString(spec, specText("dup"));
        Cli first = tonno("submit", spec.toString());
        assertEquals(0, first.code(), first.err());
        String runId = cluster.client()
                .newUntypedWorkflowStub("dup")
                .describe()
                .getExecution()
                .getRunId();

        Cli whileRunning = tonno("submit", spec.toString());
        assertEquals(0, whileRunning.code(), whileRunning.err());
        assertTrue(whileRunning.out().contains("already running (run " + runId + ")"), whileRunning.out());

        Path other = dir.resolve("dup-other.json");
        Files.writeString(
                other,
                specText("dup")
                        .replace("\"seed\"", "\"seed\"")
                        .replace("\"learningRate\": 0.002", "\"learningRate\": 0.003"));
        Cli conflicting = tonno("submit", other.toString());
        assertEquals(ExitCodes.BAD_INPUT, conflicting.code(), conflicting.out());
        assertTrue(conflicting.err().contains("different spec"), conflicting.err());

        result("dup", 600);
        Cli afterwards = tonno("submit", spec.toString(), "--wait");
        assertEquals(0, afterwards.code(), afterwards.err());
        assertTrue(afterwards.out().contains("already completed (run " + runId + ")"), afterwards.out());
        assertTrue(
                afterwards.out().contains("experiment dup completed: " + STEPS + " training steps"), afterwards.out());
        assertEquals(
                runId,
                cluster.client()
                        .newUntypedWorkflowStub("dup")
                        .describe()
                        .getExecution()
                        .getRunId());
        int validations = 0;
        for (WorkerProcess w : cluster.workers()) {
            validations += countMatches(w, "activity ValidateDataset attempt 1 of dup started");
        }
        assertEquals(1, validations, "the experiment ran more than once");
    }

    // ---- helpers ----

    private String specText(String id) {
        return SPEC.formatted(
                id, dataset.resolve("dataset.json").toString().replace("\\", "\\\\"), STEPS, INTERVAL, STEPS);
    }

    private void start(String id) throws IOException {
        ExperimentSpec spec = json.readValue(specText(id), ExperimentSpec.class);
        ExperimentWorkflow wf = cluster.client()
                .newWorkflowStub(
                        ExperimentWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(
                                        cluster.settings().plugin().queues().workflow())
                                .setWorkflowId(id)
                                .build());
        WorkflowClient.start(wf::run, spec);
    }

    private ExperimentResult result(String id, int seconds) throws Exception {
        WorkflowStub stub = cluster.client().newUntypedWorkflowStub(id);
        return stub.getResult(seconds, TimeUnit.SECONDS, ExperimentResult.class);
    }

    /** Same heatmap voxels (every method and case), same scores, same report table. */
    private void assertSameOutputs(String expectedId, String actualId, ExperimentResult actual) throws Exception {
        assertEquals(scores(reference), scores(actual));
        try (ArtifactStore store = store()) {
            String prefix = ArtifactKeys.root(expectedId) + "heatmaps/";
            List<String> heatmaps = store.list(prefix).stream()
                    .filter(k -> k.endsWith(".nii.gz"))
                    .toList();
            assertTrue(heatmaps.size() >= 2, heatmaps.toString());
            for (String key : heatmaps) {
                String other = ArtifactKeys.root(actualId) + "heatmaps/" + key.substring(prefix.length());
                assertArrayEquals(
                        volume(store, key).data(), volume(store, other).data(), other);
            }
            // The table, with its compute-time column blanked (seconds differ between any two runs).
            assertEquals(
                    BenchSoak.withoutTimings(
                            new String(store.get(ArtifactKeys.results(expectedId, "csv")), StandardCharsets.UTF_8)),
                    BenchSoak.withoutTimings(
                            new String(store.get(ArtifactKeys.results(actualId, "csv")), StandardCharsets.UTF_8)));
        }
    }

    private static List<List<Object>> scores(ExperimentResult r) {
        List<List<Object>> out = new ArrayList<>();
        for (MethodScore s : r.scores()) {
            out.add(List.of(
                    s.methodKey(),
                    s.threshold(),
                    s.precision(),
                    s.recall(),
                    s.f1(),
                    s.dice(),
                    s.balancedAccuracy(),
                    s.cases()));
        }
        return out;
    }

    private Volume volume(ArtifactStore store, String key) throws Exception {
        Path f = dir.resolve("read-" + System.nanoTime() + ".nii.gz");
        store.getFile(key, f);
        try {
            return Nifti.read(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private ArtifactStore store() throws IOException {
        return MinioArtifactStore.connect(cluster.settings().plugin().store());
    }

    private byte[] get(String key) throws IOException {
        try (ArtifactStore store = store()) {
            return store.get(key);
        }
    }

    private boolean exists(String key) {
        try (ArtifactStore store = store()) {
            return store.exists(key);
        } catch (IOException e) {
            return false;
        }
    }

    private int latestStep(String id) {
        try {
            return json.readTree(get(ArtifactKeys.latestModel(id))).get("step").asInt();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The live worker running an attempt of {@code type} for a workflow id starting with {@code prefix}. */
    private WorkerProcess runningOn(String type, String prefix) {
        for (WorkerProcess w : cluster.workers()) {
            if (w.isAlive() && running(w, type, prefix) != null) {
                return w;
            }
        }
        return null;
    }

    /** The workflow id of an attempt of {@code type} that started and has not ended in {@code w}'s log, or null. */
    private static String running(WorkerProcess w, String type, String prefix) {
        if (!w.isAlive()) {
            return null;
        }
        Pattern p = Pattern.compile("activity " + type + " attempt (\\d+) of (" + Pattern.quote(prefix)
                + "\\S*) (started|completed|failed)");
        Map<String, Integer> open = new HashMap<>();
        try {
            for (String line : w.logLines()) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    open.merge(m.group(2), m.group(3).equals("started") ? 1 : -1, Integer::sum);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return open.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static int countMatches(WorkerProcess w, String regex) {
        try {
            Pattern p = Pattern.compile(regex);
            return (int) w.logLines().stream().filter(l -> p.matcher(l).find()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> linesAfter(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return lines.subList(i + 1, lines.size());
            }
        }
        return List.of();
    }

    private static int lastMatch(List<String> lines, String regex) {
        int v = -1;
        Pattern p = Pattern.compile(regex);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                v = Integer.parseInt(m.group(1));
            }
        }
        return v;
    }

    private static int firstMatch(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    private static int lastMatchOr(WorkerProcess w, String regex) {
        try {
            return lastMatch(w.logLines(), regex);
        } catch (IOException e) {
            return -1;
        }
    }

    private static int firstMatchOr(WorkerProcess w, String regex) {
        try {
            return firstMatch(w.logLines(), regex);
        } catch (IOException e) {
            return -1;
        }
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, int seconds, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            T v = probe.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws Exception {
        await(what, seconds, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    record Cli(int code, String out, String err) {}

    /** Runs a verb in this JVM against the cluster, capturing its output. */
    private Cli tonno(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(cluster.connectionFlags());
        PrintStream out0 = System.out;
        PrintStream err0 = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Tonno.commandLine().execute(all.toArray(String[]::new));
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out0);
            System.setErr(err0);
        }
    }
}
