package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tonno train} end to end on a tiny synthetic dataset: weights, metrics, the learning report. */
public class TrainCliTest {
    @TempDir
    Path dir;

    @Test
    void writesTheCurvesNextToTheWeightsAndStatesTheVerdict() throws Exception {
        CliRun s = CliRun.of(
                "synth", "--out", dir.resolve("data").toString(), "--cases", "10", "--size", "16", "--seed", "3");
        assertEquals(0, s.code(), s.err());
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, """
                {"model": {"arch": "resnet10t", "norm": "gn", "sliceSize": 16, "device": "cpu"},
                 "training": {"steps": 4, "volumesPerBatch": 2, "slicesPerVolume": 2, "warmupSteps": 0,
                              "checkpointInterval": 2, "validationInterval": 2, "validationSlicesPerVolume": 4,
                              "validationPlanes": "sweep:2",
                              "logInterval": 1, "seed": 1, "threads": 1}}
                """);
        Path out = dir.resolve("run");
        CliRun t = CliRun.of(
                "train",
                "--dataset",
                dir.resolve("data/dataset.json").toString(),
                "--config",
                spec.toString(),
                "--out",
                out.toString(),
                "--validation-split",
                "test");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));

        BufferedImage png = ImageIO.read(out.resolve("training-curves.png").toFile());
        assertEquals(1560, png.getWidth());
        assertEquals(420, png.getHeight());

        // A 10-case dataset holds a handful of test volumes: the verdict says they are too few.
        assertTrue(t.err().contains("tonno train: curves in " + out.resolve("training-curves.png")), t.err());
        assertTrue(t.err().contains("tonno train: validation volume AUC "), t.err());
        assertTrue(t.err().contains("at step 4 on "), t.err());
        assertTrue(t.err().contains("too few to tell whether the classifier learned"), t.err());

        String last = t.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode json = new ObjectMapper().readTree(last);
        assertEquals(4, json.get("steps").asInt());
        assertTrue(json.has("learned") && json.get("learned").isNull(), last);
    }
}
