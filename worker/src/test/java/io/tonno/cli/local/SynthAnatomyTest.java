package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.synth.BrainAnatomyDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tonno synth --anatomy brain} through the command line, and the errors of its options. */
public class SynthAnatomyTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBrainBenchmark() throws Exception {
        assumeTrue(
                Files.isRegularFile(BrainAnatomyDataset.DEFAULT_TEMPLATE),
                BrainAnatomyDataset.DEFAULT_TEMPLATE + " is missing; apt-get install mricron-data");
        CliRun s = CliRun.of(
                "synth", "--anatomy", "brain", "--out", dir.toString(), "--cases", "6", "--size", "32", "--seed", "2");
        assertEquals(0, s.code(), s.err());
        JsonNode o = new ObjectMapper().readTree(s.out());
        assertEquals("brain", o.get("anatomy").asText());
        assertEquals(6, o.get("cases").asInt());
        assertEquals(3, o.get("positives").asInt());
        Dataset d = Dataset.load(dir.resolve("dataset.json"));
        assertEquals("brain-n6-s32-seed2", d.name());
        assertEquals("[0.2,0.4]", o.get("contrast").toString());
        CliRun i = CliRun.of("inspect", d.cases().get(0).image().toString());
        assertEquals(0, i.code(), i.err());
        assertEquals(
                "[32,32,32]", new ObjectMapper().readTree(i.out()).get("shape").toString());

        Path darker = dir.resolve("darker");
        CliRun c = CliRun.of(
                "synth",
                "--anatomy",
                "brain",
                "--out",
                darker.toString(),
                "--cases",
                "6",
                "--size",
                "32",
                "--seed",
                "2",
                "--contrast",
                "0.45:0.6");
        assertEquals(0, c.code(), c.err());
        assertEquals(
                "[0.45,0.6]",
                new ObjectMapper().readTree(c.out()).get("contrast").toString());
        Dataset dd = Dataset.load(darker.resolve("dataset.json"));
        assertEquals("brain-c0.45-0.6-n6-s32-seed2", dd.name());
        assertEquals(d.cases().get(0).label(), dd.cases().get(0).label(), "same labels and splits");
    }

    @Test
    void missingTemplateExitsWithCodeTwoNamingTheFileAndThePackage() {
        Path missing = dir.resolve("ch2bet.nii.gz");
        CliRun s = CliRun.of(
                "synth",
                "--anatomy",
                "brain",
                "--template",
                missing.toString(),
                "--out",
                dir.resolve("o").toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains(missing.toString()), s.err());
        assertTrue(s.err().contains("apt-get install mricron-data"), s.err());
    }

    @Test
    void optionsThatDoNotFitExitWithCodeTwoNamingTheOption() {
        String out = dir.resolve("o").toString();
        assertNamed(CliRun.of("synth", "--anatomy", "liver", "--out", out), "--anatomy");
        assertNamed(CliRun.of("synth", "--anatomy", "brain", "--size", "8", "--out", out), "--size");
        assertNamed(CliRun.of("synth", "--anatomy", "brain", "--cases", "100000", "--out", out), "--cases");
        assertNamed(CliRun.of("synth", "--anatomy", "brain", "--difficulty", "hard", "--out", out), "--difficulty");
        assertNamed(CliRun.of("synth", "--template", "x.nii.gz", "--out", out), "--template");
        assertNamed(CliRun.of("synth", "--contrast", "0.5:0.6", "--out", out), "--contrast");
        assertNamed(CliRun.of("synth", "--anatomy", "brain", "--contrast", "0.6:0.5", "--out", out), "--contrast");
        assertNamed(CliRun.of("synth", "--anatomy", "brain", "--contrast", "dark", "--out", out), "--contrast");
        assertNamed(CliRun.of("synth", "--difficulty", "extreme", "--out", out), "--difficulty");
        assertTrue(Files.notExists(dir.resolve("o")), "nothing is written");
    }

    private static void assertNamed(CliRun run, String option) {
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(option), run.err());
    }
}
