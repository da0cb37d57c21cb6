package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.LogCapture;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.local.BadInputCorpus;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.Failures;
import io.tonno.workflows.experiment.ExperimentResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus through {@code ExperimentWorkflow} on one embedded stack (Temporal test server,
 * s3proxy, one worker with the real activities): every entry that can enter an experiment fails it with a
 * non-retryable failure naming the file and field, after exactly one attempt of the failing activity, and
 * no stage manifest is written. Then a tiny experiment that succeeds, run with distinctive credentials: the
 * secret key and the access key appear in no log line, no printed output and no workflow history.
 */
public class BadInputWorkflowTest {
    /** Distinctive credentials, so a grep cannot match anything else. */
    static final String ACCESS_KEY = "AKIAtonnoAccess7q3";

    static final String SECRET_KEY = "s3cr3t-Zq8vW2-tonno-never-log-me";

    @TempDir
    static Path dir;

    static LogCapture logs;
    static EmbeddedStack stack;
    static CountingProvider provider;
    static final List<String> workflowIds = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        provider = new CountingProvider(new ScienceActivityProvider(dir.resolve("work")));
        ProcessSettings base = ConfigLoader.load(
                Map.of(),
                null,
                Map.of("TONNO_S3_ACCESS_KEY", ACCESS_KEY, "TONNO_S3_SECRET_KEY", SECRET_KEY, "TONNO_CPU_SLOTS", "2"));
        stack = EmbeddedStack.start(dir.resolve("stack"), 0, 0, base, provider);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            logs.close();
        }
    }

    private static WorkflowStub start(String workflowId, Object spec) {
        workflowIds.add(workflowId);
        WorkflowStub stub = stack.client()
                .newUntypedWorkflowStub(
                        "ExperimentWorkflow",
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(stack.settings().plugin().queues().workflow())
                                .setWorkflowId(workflowId)
                                // A hang (a workflow task retried forever) fails the test instead of blocking it.
                                .setWorkflowExecutionTimeout(Duration.ofSeconds(60))
                                .build());
        stub.start(spec);
        return stub;
    }

    private static Map<String, Object> tinySpec(String experimentId, Path manifest) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("experimentId", experimentId);
        spec.put("dataset", manifest.toString());
        spec.put("preprocessing", "synthetic");
        spec.put("model", Map.of("norm", "gn", "sliceSize", 16, "inputNormalization", "none"));
        spec.put(
                "training",
                Map.of(
                        "steps",
                        2,
                        "volumesPerBatch",
                        2,
                        "slicesPerVolume",
                        2,
                        "checkpointInterval",
                        1,
                        "segmentSteps",
                        2,
                        "warmupSteps",
                        1));
        spec.put("methods", List.of(Map.of("name", "tonno", "directions", 4, "slices", 3)));
        spec.put("fanout", Map.of("directionsPerChunk", 4, "chunksInFlight", 2, "casesInFlight", 2));
        return spec;
    }

    @Test
    void everyCorpusEntryFailsTheExperimentOnceWithoutRetryNamingFileAndFieldAndWritesNoStageManifest()
            throws Exception {
        BadInputCorpus corpus = BadInputCorpus.copyTo(Files.createDirectories(dir.resolve("corpus")));
        ObjectMapper json = new ObjectMapper();
        List<String> failures = new ArrayList<>();
        StringBuilder timings = new StringBuilder("bad-input corpus through ExperimentWorkflow (ms):\n");
        int ran = 0;
        try (ArtifactStore store =
                MinioArtifactStore.connect(stack.settings().plugin().store())) {
            for (BadInputCorpus.Entry e : corpus.entries()) {
                if (e.workflow() == null) {
                    continue;
                }
                ran++;
                String experimentId = "bad-" + e.id();
                Object spec = switch (e.workflow()) {
                    case "spec" -> json.readValue(corpus.file(e).toFile(), Object.class);
                    case "manifest" -> tinySpec(experimentId, corpus.file(e));
                    case "volume" -> tinySpec(experimentId, corpus.wrapperManifest(e));
                    default -> throw new IllegalArgumentException(e.workflow());
                };
                long t0 = System.nanoTime();
                WorkflowStub stub = start("wf-" + e.id(), spec);
                Throwable thrown = null;
                try {
                    stub.getResult(ExperimentResult.class);
                } catch (WorkflowFailedException x) {
                    thrown = x;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                timings.append(String.format(Locale.ROOT, "  %-36s %-9s %6d%n", e.id(), e.workflow(), ms));
                String problem = check(e, thrown, store, experimentId);
                if (problem != null) {
                    failures.add(e.id() + ": " + problem);
                }
            }
        }
        String table = timings.toString();
        logs.close();
        System.out.print(table);
        logs = new LogCapture();
        assertTrue(ran >= 30, "only " + ran + " entries entered a workflow");
        assertEquals(List.of(), failures, String.join("\n\n", failures));
    }

    /** What is wrong with the outcome of one entry, or null. */
    private String check(BadInputCorpus.Entry e, Throwable thrown, ArtifactStore store, String experimentId)
            throws Exception {
        if (thrown == null) {
            return "the experiment did not fail";
        }
        ApplicationFailure failure = null;
        ActivityFailure activity = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ActivityFailure a) {
                activity = a;
            }
            if (t instanceof ApplicationFailure a && failure == null) {
                failure = a;
            }
        }
        if (failure == null) {
            return "no ApplicationFailure in " + thrown;
        }
        String message = failure.getOriginalMessage();
        boolean decodeFailure = failure.getType().endsWith("DataConverterException");
        if (!decodeFailure && (!Failures.INVALID_INPUT.equals(failure.getType()) || !failure.isNonRetryable())) {
            return "failure type " + failure.getType() + ", non-retryable " + failure.isNonRetryable() + ": " + message;
        }
        List<String> wanted = new ArrayList<>(e.workflowExpect());
        if (!"spec".equals(e.workflow())) {
            wanted.add(e.names()); // a workflow input has no file name; its JSON paths name the field
        }
        List<String> missing = wanted.stream().filter(w -> !message.contains(w)).toList();
        if (!missing.isEmpty()) {
            return "missing " + missing + " in: " + message;
        }
        // Exactly one attempt of the failing activity, and none for a spec refused by the workflow itself.
        List<HistoryEvent> events = stack.client().fetchHistory("wf-" + e.id()).getEvents();
        List<HistoryEvent> failed = events.stream()
                .filter(ev -> ev.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
                .toList();
        if ("spec".equals(e.workflow())) {
            if (events.stream().anyMatch(ev -> ev.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)) {
                return "a spec refused by the workflow still scheduled an activity";
            }
        } else {
            if (activity == null || failed.size() != 1) {
                return failed.size() + " failed activities (expected exactly 1) for " + thrown;
            }
            long startedId =
                    failed.get(0).getActivityTaskFailedEventAttributes().getStartedEventId();
            int attempt = events.stream()
                    .filter(ev -> ev.getEventId() == startedId)
                    .findFirst()
                    .orElseThrow()
                    .getActivityTaskStartedEventAttributes()
                    .getAttempt();
            // 1 is the normal case; the test server leaves the field 0 on some paths. A retry would show 2+.
            if (attempt > 1) {
                return "the failing activity " + activity.getActivityType() + " ran " + attempt + " attempts";
            }
        }
        List<String> manifests = store.list(ArtifactKeys.root(experimentId) + "stages/").stream()
                .filter(k -> k.endsWith("manifest.json"))
                .toList();
        return manifests.isEmpty() ? null : "stage manifests written: " + manifests;
    }

    @Test
    void credentialsAppearInNoLogOutputOrWorkflowHistory() throws Exception {
        Path data = dir.resolve("synthetic");
        SyntheticDataset.write(data, new SynthSettings(6, 16, 3, 0.5));
        WorkflowStub ok = start("secrets-ok", tinySpec("secrets-ok", data.resolve("dataset.json")));
        ExperimentResult result = ok.getResult(ExperimentResult.class);
        assertEquals(2, result.trainedSteps());
        // A failing experiment too: failures carry messages and stack traces into the history.
        Path bad = dir.resolve("bad-manifest.json");
        Files.writeString(
                bad, "{\"cases\": [{\"id\": \"../x\", \"image\": \"a.nii\", \"label\": 2, \"split\": \"test\"}]}");
        WorkflowStub failing = start("secrets-bad", tinySpec("secrets-bad", bad));
        try {
            failing.getResult(ExperimentResult.class);
        } catch (WorkflowFailedException expected) {
            System.err.println("expected failure: " + expected);
        }

        StringBuilder histories = new StringBuilder();
        List<String> ids = new ArrayList<>(workflowIds);
        for (int i = 0; i < ids.size(); i++) {
            WorkflowExecutionHistory h = stack.client().fetchHistory(ids.get(i));
            for (HistoryEvent ev : h.getEvents()) {
                if (ev.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
                    ids.add(ev.getStartChildWorkflowExecutionInitiatedEventAttributes()
                            .getWorkflowId());
                }
            }
            histories.append(decodedPayloads(h.toJson(false)));
        }
        assertTrue(ids.size() > workflowIds.size(), "the experiment started child workflows: " + ids);
        // The histories hold the payloads, decoded: the spec and results are there, the credentials are not.
        assertTrue(histories.toString().contains("secrets-ok"), "payloads were not decoded");
        String logText = logs.text();
        assertTrue(logText.contains("artifact store"), "the store's log line was not captured");
        for (String secret : new String[] {SECRET_KEY, ACCESS_KEY}) {
            assertFalse(logText.contains(secret), "a credential is in the logs");
            assertFalse(histories.toString().contains(secret), "a credential is in a workflow history");
        }
        assertNotNull(result.report());
    }

    /** The history JSON followed by every base64 payload in it, decoded. */
    static String decodedPayloads(String historyJson) {
        StringBuilder out = new StringBuilder(historyJson);
        Matcher m = Pattern.compile("\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(historyJson);
        while (m.find()) {
            try {
                out.append('\n').append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                // kept as is
            }
        }
        return out.toString();
    }
}
