package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The imaging verbs end to end through the command line: synth, inspect, preprocess, and their errors. */
class ImagingVerbsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Tonno()).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void synthThenInspectThenPreprocess() throws Exception {
        Run s = run("synth", "--out", dir.resolve("raw").toString(), "--cases", "6", "--size", "20", "--seed", "5");
        assertEquals(0, s.code(), s.err());
        assertEquals(6, new ObjectMapper().readTree(s.out()).get("cases").asInt());
        Run i = run("inspect", dir.resolve("raw/images/case000.nii.gz").toString());
        assertEquals(0, i.code(), i.err());
        JsonNode j = new ObjectMapper().readTree(i.out());
        assertEquals("[20,20,20]", j.get("shape").toString());
        assertEquals("float32", j.get("dtype").asText());
        assertEquals(0, j.get("nanCount").asInt());
        assertEquals(-9.5, j.get("affine").get(0).get(3).asDouble(), 1e-9);
        assertTrue(j.get("max").asDouble() <= 1.0);
        Run p = run("preprocess", "--dataset", dir.resolve("raw/dataset.json").toString(), "--preset", "synthetic",
                "--out", dir.resolve("pre").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.isRegularFile(dir.resolve("pre/case000/foreground.nii.gz")));
    }

    @Test
    void invalidInputsExitWithCodeTwoAndNameTheField() throws Exception {
        Path bad = dir.resolve("bad.nii");
        Files.write(bad, new byte[400]);
        Run i = run("inspect", bad.toString());
        assertEquals(2, i.code());
        assertTrue(i.err().contains("sizeof_hdr"), i.err());
        Run p = run("preprocess", "--dataset", dir.resolve("none.json").toString(), "--preset", "synthetic",
                "--out", dir.resolve("o").toString());
        assertEquals(2, p.code());
        assertEquals(2, run("synth", "--out", dir.toString(), "--cases", "3").code());
    }
}
