package io.tonno.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tonno synth}: writes a synthetic lesion dataset. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Writes a synthetic lesion dataset: DIR/images/*.nii.gz (float32, values in [0,1]),"
                + " DIR/masks/*.nii.gz (uint8) and DIR/dataset.json with train/calibration/test splits holding both"
                + " classes. Same settings and seed give identical files.")
public final class Synth implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--cases", defaultValue = "24", description = "Number of cases, >= 6 (default: ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--size", defaultValue = "48", description = "Cube edge in voxels (1 mm), 16..512 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--positive-fraction", defaultValue = "0.5",
            description = "Fraction of cases with lesions, in (0,1) (default: ${DEFAULT-VALUE}).")
    double positiveFraction;

    @Option(names = "--difficulty", defaultValue = "standard",
            description = "standard (learnable on a CPU in minutes) or hard (small, subtle lesions) (default: ${DEFAULT-VALUE}).")
    String difficulty;

    @Override
    public Integer call() throws Exception {
        SynthSettings s;
        try {
            s = new SynthSettings(cases, size, seed, positiveFraction,
                    io.tonno.imaging.synth.Difficulty.parse(difficulty));
        } catch (IllegalArgumentException e) {
            System.err.println("tonno synth: " + e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        Dataset d = SyntheticDataset.write(out, s);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dataset", out.resolve("dataset.json").toAbsolutePath().toString());
        o.put("cases", d.cases().size());
        o.put("positives", d.cases().stream().filter(c -> c.label() == 1).count());
        o.put("size", size);
        o.put("seed", seed);
        o.put("difficulty", s.difficulty().id());
        o.put("seconds", (System.nanoTime() - t0) / 1e9);
        System.out.println(new ObjectMapper().writeValueAsString(o));
        return 0;
    }
}
