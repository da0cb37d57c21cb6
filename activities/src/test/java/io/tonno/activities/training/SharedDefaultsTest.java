package io.tonno.activities.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.activities.support.TonnoJson;
import io.tonno.classifier.training.Checkpoint;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One table of training defaults: an experiment spec with only {@code experimentId} and {@code dataset} and
 * {@code tonno train} with an empty config resolve to the same trainer config, field for field, and so train the
 * same network.
 */
class SharedDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void aSpecWithOnlyItsIdAndDatasetTrainsWhatTonnoTrainTrainsWithAnEmptyConfig() throws Exception {
        ExperimentSpec spec = TonnoJson.newMapper()
                .readValue("{\"experimentId\": \"defaults\", \"dataset\": \"d.json\"}", ExperimentSpec.class);
        TrainingConfig fromSpec = TrainingSpecs.config(spec.model(), spec.training(), "cpu");
        TrainingConfig fromCli = TrainingConfig.load(Files.writeString(dir.resolve("empty.json"), "{}"));
        assertEquals(fromCli.toJson(), fromSpec.toJson());
        assertEquals("bn", fromCli.model().norm());
        assertEquals(64, fromCli.model().sliceSize());
        assertEquals(0.05, fromCli.training().weightDecay());

        // The same config trains the same weights (two steps of the defaults on a small synthetic set).
        Dataset ds = SyntheticDataset.write(dir.resolve("ds"), new SynthSettings(6, 16, 3, 0.5));
        List<LabeledVolume> train = new ArrayList<>();
        for (CaseEntry c : ds.cases(Split.TRAIN)) {
            train.add(new LabeledVolume(c.id(), Nifti.read(c.image()), c.label()));
        }
        Map<String, float[]> a = twoSteps(fromSpec, train, dir.resolve("spec"));
        Map<String, float[]> b = twoSteps(fromCli, train, dir.resolve("cli"));
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name);
        }
    }

    @Test
    void slicingAugmentationAndValidationPlanesMapFieldForField() throws Exception {
        String[][] pairs = {
            {
                "{\"model\": {\"slicing\": \"device\", \"scoringEngine\": \"pytorch\"}}",
                "{\"model\": {\"slicing\": \"device\"}}"
            },
            {"{\"training\": {\"portableAugmentation\": true}}", "{\"augmentation\": {\"portable\": true}}"},
            {"{\"model\": {\"slicing\": \"auto\"}}", "{}"},
            {
                "{\"training\": {\"validationSlicesPerVolume\": 64}}",
                "{\"training\": {\"validationSlicesPerVolume\": 64}}"
            },
            {
                "{\"training\": {\"validationSlicesPerVolume\": 8, \"validationPlanes\": \"lattice\"}}",
                "{\"training\": {\"validationSlicesPerVolume\": 8, \"validationPlanes\": \"lattice\"}}"
            },
            {
                "{\"training\": {\"validationPlanes\": \"sweep:8\"}}",
                "{\"training\": {\"validationPlanes\": \"sweep:8\"}}"
            }
        };
        for (String[] pair : pairs) {
            String json = "{\"experimentId\": \"x\", \"dataset\": \"d.json\", " + pair[0].substring(1);
            ExperimentSpec spec = TonnoJson.newMapper().readValue(json, ExperimentSpec.class);
            TrainingConfig fromSpec = TrainingSpecs.config(spec.model(), spec.training(), "cpu");
            TrainingConfig fromCli = TrainingConfig.load(Files.writeString(dir.resolve("c.json"), pair[1]));
            assertEquals(fromCli.toJson(), fromSpec.toJson(), pair[0]);
            assertEquals(fromCli.batchSlicing(), fromSpec.batchSlicing(), pair[0]);
            assertEquals(fromCli.portableAugmentation(), fromSpec.portableAugmentation(), pair[0]);
        }
    }

    /** The spec validator's rule for {@code validationPlanes} counts planes against the trainer's default budget. */
    @Test
    void specValidatorKnowsTheTrainersValidationBudget() {
        assertEquals(
                TrainingConfig.Training.defaults().validationSlicesPerVolume(),
                io.tonno.workflows.spec.SpecValidator.VALIDATION_PLANES);
        assertEquals("sweep:4", TrainingConfig.Training.defaults().validationPlanes());
    }

    private static Map<String, float[]> twoSteps(TrainingConfig cfg, List<LabeledVolume> train, Path out)
            throws Exception {
        new TrainingRun(cfg, train, List.of(), out).run(false, 2, (step, total, loss, lr, sps) -> {});
        return Checkpoint.read(out.resolve(TrainingRun.CHECKPOINT)).model();
    }
}
