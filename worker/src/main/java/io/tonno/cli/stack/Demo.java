package io.tonno.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.ProgressDisplay;
import io.tonno.cli.ProgressVerb;
import io.tonno.cli.SyntheticSetOptions;
import io.tonno.cli.VerbLogging;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.SpecValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno demo}: the whole experiment on one machine. Starts the embedded stack (Temporal test
 * server, s3proxy over {@code WORK/objects}, one worker on all queues through TonnoPlugin), writes a
 * synthetic lesion dataset, submits {@code config/demo.json} (the copy in the jar when the file is not
 * there), shows progress while it runs (one line per stage, {@link ExperimentProgress}), then the results
 * table and where the report is; log records go to {@code WORK/logs/} ({@link VerbLogging}).
 * Running it again resumes: every finished stage is taken from the store.
 */
@Command(
        name = "demo",
        description = "Embedded stack + synthetic dataset + the demo experiment (ToNNO and CAM methods side by side).")
public final class Demo implements Callable<Integer>, ProgressVerb {
    @Option(names = "--port-temporal", description = "Temporal port on 127.0.0.1 (0 = any free port).")
    int temporalPort = 7233;

    @Option(names = "--port-s3", description = "S3 port on 127.0.0.1 (0 = any free port).")
    int s3Port = 9000;

    @Option(names = "--work", description = "Working directory: objects/, work/ (cache), demo/ (dataset, report).")
    Path work = Path.of(".tonno");

    @Option(
            names = "--spec",
            description =
                    "Experiment spec (default config/demo.json, else the built-in copy); its dataset is replaced by the synthetic one.")
    Path specFile;

    @Mixin
    SyntheticSetOptions synthetic = new SyntheticSetOptions(24, 32);

    @Option(names = "--seed", description = "Synthetic dataset seed.")
    long seed = 0;

    @Override
    public Path workDirectory() {
        return work;
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        ObjectMapper json = TonnoJson.newMapper();
        ExperimentSpec spec;
        Path dataset = work.resolve("demo").resolve("dataset").toAbsolutePath();
        try {
            SynthSettings synth = synthetic.settings(seed);
            if (!Files.isRegularFile(dataset.resolve("dataset.json"))
                    || !Files.isRegularFile(dataset.resolve(".settings"))
                    || !Files.readString(dataset.resolve(".settings")).equals(synth.toString())) {
                SyntheticDataset.write(dataset, synth);
                Files.writeString(dataset.resolve(".settings"), synth.toString());
            }
            ObjectNode node = (ObjectNode) json.readTree(specBytes());
            node.put("dataset", dataset.resolve("dataset.json").toString());
            spec = json.treeToValue(node, ExperimentSpec.class);
            List<String> problems = SpecValidator.problems(spec);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(
                        specFile == null ? "config/demo.json" : specFile.toString(), "$", String.join("; ", problems));
            }
        } catch (InvalidInputException | IllegalArgumentException e) {
            System.err.println("tonno demo: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        ProcessSettings base = ConfigLoader.load(
                Map.of("workDir", work.resolve("work").toAbsolutePath().toString()), null, Map.of());
        System.out.printf(
                Locale.ROOT,
                "tonno demo: %d synthetic cases of %d^3 in %s%n",
                synthetic.cases,
                synthetic.size,
                VerbLogging.shown(dataset));
        try (EmbeddedStack stack = EmbeddedStack.start(
                work, temporalPort, s3Port, base, new ScienceActivityProvider(work.resolve("work")))) {
            ProcessSettings settings = stack.settings();
            System.out.println("tonno demo: Temporal " + settings.temporalAddress() + ", S3 "
                    + settings.plugin().store().endpoint());
            System.out.println("tonno demo: experiment " + spec.experimentId() + ", "
                    + spec.methods().size() + " methods, " + spec.training().steps() + " training steps");
            ExperimentWorkflow workflow = Experiments.start(stack.client(), settings, spec.experimentId(), spec);
            WorkflowStub stub = WorkflowStub.fromTyped(workflow);
            ExperimentResult result;
            try {
                result = ExperimentProgress.follow(stub, ProgressDisplay.create(System.out));
            } catch (WorkflowException e) {
                System.err.println("tonno demo: the experiment failed: " + Experiments.failure(e));
                return ExitCodes.FAILED;
            }
            Path report = work.resolve("demo").resolve("report").toAbsolutePath();
            try (ArtifactStore store =
                    MinioArtifactStore.connect(settings.plugin().store())) {
                System.out.println();
                System.out.println(Experiments.table(store, result.report().tableKey()));
                copyReport(store, ArtifactKeys.root(spec.experimentId()) + "report/", report);
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "tonno demo: done in %.0f s (training %d steps, final loss %s; cached stages: %s)%n",
                    (System.nanoTime() - start) / 1e9,
                    result.trainedSteps(),
                    Experiments.finalLoss(result),
                    Experiments.cachedStages(result));
            System.out.println("tonno demo: report " + report.resolve("index.html"));
            System.out.println("tonno demo: all artifacts under " + VerbLogging.shown(work.resolve("objects"))
                    + " (bucket " + settings.plugin().store().bucket() + ", experiments/" + spec.experimentId() + "/)");
            return ExitCodes.OK;
        }
    }

    private byte[] specBytes() throws IOException, InvalidInputException {
        if (specFile != null) {
            if (!Files.isRegularFile(specFile)) {
                throw new InvalidInputException(specFile.toString(), "file", "does not exist");
            }
            return Files.readAllBytes(specFile);
        }
        Path local = Path.of("config", "demo.json");
        if (Files.isRegularFile(local)) {
            return Files.readAllBytes(local);
        }
        try (InputStream in = Demo.class.getResourceAsStream("/demo.json")) {
            if (in == null) {
                throw new InvalidInputException("config/demo.json", "file", "not found, and no copy in the jar");
            }
            return in.readAllBytes();
        }
    }

    private static void copyReport(ArtifactStore store, String prefix, Path dir) throws IOException {
        for (String key : store.list(prefix)) {
            if (ArtifactStore.isTemporary(key)) {
                continue;
            }
            Path target = dir.resolve(key.substring(prefix.length())).normalize();
            if (target.startsWith(dir)) {
                Files.createDirectories(target.getParent());
                store.getFile(key, target);
            }
        }
    }
}
