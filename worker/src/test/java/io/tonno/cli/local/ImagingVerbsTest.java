package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import io.tonno.imaging.dataset.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imaging verbs end to end through the command line: synth, inspect, preprocess, residual, and their errors. */
public class ImagingVerbsTest {
    @TempDir
    Path dir;

    @Test
    void synthThenInspectThenPreprocess() throws Exception {
        CliRun s = CliRun.of(
                "synth", "--out", dir.resolve("raw").toString(), "--cases", "6", "--size", "20", "--seed", "5");
        assertEquals(0, s.code(), s.err());
        assertEquals(6, new ObjectMapper().readTree(s.out()).get("cases").asInt());
        CliRun i = CliRun.of("inspect", dir.resolve("raw/images/case000.nii.gz").toString());
        assertEquals(0, i.code(), i.err());
        JsonNode j = new ObjectMapper().readTree(i.out());
        assertEquals("[20,20,20]", j.get("shape").toString());
        assertEquals("float32", j.get("dtype").asText());
        assertEquals(0, j.get("nanCount").asInt());
        assertEquals(-9.5, j.get("affine").get(0).get(3).asDouble(), 1e-9);
        assertTrue(j.get("max").asDouble() <= 1.0);
        CliRun p = CliRun.of(
                "preprocess",
                "--dataset",
                dir.resolve("raw/dataset.json").toString(),
                "--preset",
                "synthetic",
                "--out",
                dir.resolve("pre").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.isRegularFile(dir.resolve("pre/case000/foreground.nii.gz")));
        CliRun r = CliRun.of(
                "residual",
                "--dataset",
                dir.resolve("raw/dataset.json").toString(),
                "--out",
                dir.resolve("res").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(6, new ObjectMapper().readTree(r.out()).get("cases").asInt());
        assertTrue(Files.isRegularFile(dir.resolve("res/template.nii.gz")));
        assertEquals(6, Dataset.load(dir.resolve("res/dataset.json")).cases().size());
    }

    @Test
    void invalidInputsExitWithCodeTwoAndNameTheField() throws Exception {
        Path bad = dir.resolve("bad.nii");
        Files.write(bad, new byte[400]);
        CliRun i = CliRun.of("inspect", bad.toString());
        assertEquals(2, i.code());
        assertTrue(i.err().contains("sizeof_hdr"), i.err());
        CliRun p = CliRun.of(
                "preprocess",
                "--dataset",
                dir.resolve("none.json").toString(),
                "--preset",
                "synthetic",
                "--out",
                dir.resolve("o").toString());
        assertEquals(2, p.code());
        assertEquals(
                2, CliRun.of("synth", "--out", dir.toString(), "--cases", "3").code());
        CliRun r = CliRun.of(
                "residual",
                "--dataset",
                dir.resolve("none.json").toString(),
                "--out",
                dir.resolve("r").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("tonno residual: "), r.err());
    }
}
