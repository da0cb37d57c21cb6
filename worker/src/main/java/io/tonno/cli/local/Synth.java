package io.tonno.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.OptionChecks;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.synth.BrainAnatomyDataset;
import io.tonno.imaging.synth.Difficulty;
import io.tonno.imaging.synth.LesionContrast;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tonno synth}: writes a synthetic lesion dataset (CT-like phantoms, or the MR brain benchmark). */
@Command(
        name = "synth",
        description = "Writes a synthetic lesion dataset: DIR/images/*.nii.gz (float32), DIR/masks/*.nii.gz (uint8)"
                + " and DIR/dataset.json with train/calibration/test splits holding both classes. By default CT-like"
                + " phantoms (values in [0,1]); with --anatomy brain, the MR brain benchmark built from the Colin27"
                + " template of the Debian package mricron-data (docs/anatomy.md). Same settings and seed give"
                + " identical files.")
public final class Synth implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--anatomy",
            paramLabel = "KIND",
            description = "brain: T1 MR brains with small white-matter lesions from a real template (docs/anatomy.md)."
                    + " Without it: the CT-like phantoms.")
    String anatomy;

    @Option(
            names = "--template",
            paramLabel = "PATH",
            description = "With --anatomy brain: skull-stripped T1 NIfTI template (default: "
                    + "/usr/share/mricron/templates/ch2bet.nii.gz, from apt-get install mricron-data).")
    Path template;

    @Option(names = "--cases", description = "Number of cases, >= 6 (default: 24; 60 with --anatomy brain).")
    Integer cases;

    @Option(
            names = "--size",
            description = "Cube edge in voxels: 16..512 of 1 mm (default: 48); with --anatomy brain"
                    + " 32..256 voxels that the brain fills (default: 64).")
    Integer size;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed.")
    long seed;

    @Option(
            names = "--positive-fraction",
            defaultValue = "0.5",
            description = "Fraction of cases with lesions, in (0,1).")
    double positiveFraction;

    @Option(
            names = "--contrast",
            paramLabel = "MIN:MAX",
            description = "With --anatomy brain: range of the lesions' contrast, the relative intensity drop of the"
                    + " lesion core (default: 0.2:0.4, the standard benchmark; docs/anatomy.md). The anatomy, lesion"
                    + " places and splits do not depend on it.")
    String contrast;

    @Option(
            names = "--difficulty",
            description = "Phantoms only: standard (learnable on a CPU in minutes) or hard (small, subtle lesions)"
                    + " (default: standard).")
    String difficulty;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno synth", () -> {
            boolean brain = brain();
            SynthSettings s = settings(brain);
            long t0 = System.nanoTime();
            Path t = template != null ? template : BrainAnatomyDataset.DEFAULT_TEMPLATE;
            LesionContrast lc = brain
                    ? OptionChecks.parse(
                            "--contrast",
                            () -> contrast == null ? LesionContrast.STANDARD : LesionContrast.parse(contrast))
                    : null;
            Dataset d = brain ? BrainAnatomyDataset.write(out, s, t, lc) : SyntheticDataset.write(out, s);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("dataset", out.resolve("dataset.json").toAbsolutePath().toString());
            o.put("anatomy", brain ? "brain" : "phantom");
            o.put("cases", d.cases().size());
            o.put("positives", d.cases().stream().filter(c -> c.label() == 1).count());
            o.put("size", s.size());
            o.put("seed", seed);
            if (brain) {
                o.put("contrast", List.of(lc.min(), lc.max()));
            } else {
                o.put("difficulty", s.difficulty().id());
            }
            o.put("seconds", (System.nanoTime() - t0) / 1e9);
            System.out.println(new ObjectMapper().writeValueAsString(o));
            return ExitCodes.OK;
        });
    }

    /** True for {@code --anatomy brain}; refuses options that do not go with the chosen kind. */
    private boolean brain() throws InvalidInputException {
        if (anatomy == null) {
            OptionChecks.check(template == null, "--template", "goes with --anatomy brain only");
            OptionChecks.check(contrast == null, "--contrast", "goes with --anatomy brain only");
            return false;
        }
        OptionChecks.check(
                anatomy.trim().equalsIgnoreCase("brain"), "--anatomy", "must be brain, got '" + anatomy + "'");
        OptionChecks.check(
                difficulty == null, "--difficulty", "applies to the CT-like phantoms, not to --anatomy brain");
        return true;
    }

    /** The settings with each kind's defaults, checked against that kind's limits. */
    private SynthSettings settings(boolean brain) throws InvalidInputException {
        int n = cases != null ? cases : brain ? 60 : 24;
        int edge = size != null ? size : brain ? 64 : 48;
        if (brain) {
            OptionChecks.check(
                    edge >= BrainAnatomyDataset.MIN_SIZE && edge <= BrainAnatomyDataset.MAX_SIZE,
                    "--size",
                    "must be in " + BrainAnatomyDataset.MIN_SIZE + ".." + BrainAnatomyDataset.MAX_SIZE
                            + " voxels with --anatomy brain, got " + edge);
            OptionChecks.check(
                    n <= BrainAnatomyDataset.MAX_CASES,
                    "--cases",
                    "must be <= " + BrainAnatomyDataset.MAX_CASES + ", got " + n);
        }
        Difficulty level = OptionChecks.parse(
                "--difficulty", () -> Difficulty.parse(difficulty == null ? "standard" : difficulty));
        return OptionChecks.parse(
                "--cases/--size/--positive-fraction", () -> new SynthSettings(n, edge, seed, positiveFraction, level));
    }
}
