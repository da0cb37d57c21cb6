package io.tonno.cli.bench;

import io.tonno.activities.work.Workspace;
import io.tonno.classifier.sampling.SyntheticLesions;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.local.Train;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.preprocess.TemplateResidual;
import io.tonno.imaging.synth.BrainAnatomyDataset;
import io.tonno.imaging.synth.Difficulty;
import io.tonno.imaging.synth.SynthSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench learning}: does the classifier learn from weak labels on the MR brain benchmark
 * (docs/anatomy.md)? Trains one classifier per variant on the train split, validating on the calibration
 * split every {@code --validation-interval} steps, and prints JSON lines: one per validation (step, wall
 * seconds, slice AUC, volume AUC, lesion-slice AUC) and a summary per variant. A variant is a {@code +}-joined
 * list of options on top of the base spec: {@code paper} (the paper's per-slice loss, box offsets, uniform
 * volumes: the baseline), {@code lse}, {@code noisy-or} ({@code training.loss}), {@code balanced}
 * ({@code training.balancedBatches}), {@code foreground} ({@code training.planeOffsets}) and {@code pretrained}
 * (start from the weights of one {@code tonno pretrain} run on the train split's images, done once and shared)
 * and {@code synthesis} (lesion synthesis in the negative volumes' slices: the base spec's {@code synthesis}
 * section, else its {@code pretext} section, else the default blobs) and {@code residual} (train and validate on the
 * cases' residuals to the training cases' mean, {@code tonno residual}, computed once into {@code --out}/residual).
 * Models are kept in {@code --out}/VARIANT/ for {@code tonno compare}.
 */
@Command(
        name = "learning",
        description =
                "Weak-label learning on the MR brain benchmark: validation AUCs over time per training variant (JSON lines).")
public final class BenchLearning implements Callable<Integer> {
    @Option(
            names = "--dataset",
            description = "dataset manifest; default: the standard brain set generated into --out/data")
    Path dataset;

    @Option(names = "--out", required = true, description = "directory for the models (and the generated data)")
    Path out;

    @Option(names = "--config", description = "base training spec (default: all defaults, validation on 64 planes)")
    Path config;

    @Option(
            names = "--variants",
            split = ",",
            defaultValue = "paper,lse+balanced+foreground",
            description = "variants to train")
    List<String> variants;

    @Option(names = "--steps", description = "training steps per variant (default: the base spec's)")
    Integer steps;

    @Option(names = "--pretrain-steps", defaultValue = "1000", description = "steps of the shared pretraining")
    int pretrainSteps;

    @Option(names = "--validation-interval", defaultValue = "100", description = "steps between validations")
    int validationInterval;

    @Override
    public Integer call() throws Exception {
        try {
            Files.createDirectories(out);
            Path manifest = dataset;
            if (manifest == null) {
                manifest = out.resolve("data").resolve("dataset.json");
                if (!Files.exists(manifest)) {
                    BrainAnatomyDataset.write(
                            out.resolve("data"),
                            new SynthSettings(60, 64, 1, 0.5, Difficulty.STANDARD),
                            BrainAnatomyDataset.DEFAULT_TEMPLATE);
                }
            }
            TrainingConfig base = config == null ? new TrainingConfig(null, null, null) : TrainingConfig.load(config);
            TrainingConfig.Training bt = base.training();
            int n = steps != null ? steps : bt.steps();
            TrainingConfig.Training loop =
                    BenchInputs.loop(bt, n, validationInterval, config == null ? 64 : bt.validationSlicesPerVolume());
            Dataset ds = Dataset.load(manifest);
            List<LabeledVolume> images = Train.load(ds.cases(Split.TRAIN), false);
            List<LabeledVolume> imagesVal = Train.load(ds.cases(Split.CALIBRATION), true);
            List<LabeledVolume> residuals = null;
            List<LabeledVolume> residualsVal = null;
            // One pretraining per kind of input (images, residuals), shared by the variants that ask for it.
            Map<Boolean, Path> pretrained = new LinkedHashMap<>();
            for (String variant : variants) {
                Options o = Options.parse(variant);
                if (o.residual && residuals == null) {
                    Dataset rd = residuals(ds);
                    residuals = Train.load(rd.cases(Split.TRAIN), false);
                    residualsVal = Train.load(rd.cases(Split.CALIBRATION), true);
                }
                List<LabeledVolume> train = o.residual ? residuals : images;
                List<LabeledVolume> val = o.residual ? residualsVal : imagesVal;
                String weights = base.model().weights();
                if (o.pretrained) {
                    if (!pretrained.containsKey(o.residual)) {
                        pretrained.put(o.residual, pretrain(base, loop, train, o.residual));
                    }
                    weights = pretrained.get(o.residual).toString();
                }
                TrainingConfig.Model m = base.model();
                TrainingConfig cfg = new TrainingConfig(
                        new TrainingConfig.Model(
                                m.arch(),
                                m.norm(),
                                weights,
                                m.sliceSize(),
                                m.inputNormalization(),
                                m.device(),
                                m.init(),
                                null),
                        loop.withWeakLabels(o.loss, bt.lseSharpness(), o.balanced, o.foreground ? "foreground" : "box"),
                        base.augmentation());
                if (o.synthesis) {
                    cfg = cfg.withSynthesis(
                            base.synthesis() != null
                                    ? base.synthesis()
                                    : base.pretext() != null ? base.pretext() : SyntheticLesions.DEFAULT);
                }
                cfg.validate("bench learning variant " + variant);
                Path dir = out.resolve(variant.replace('+', '_'));
                Workspace.deleteTree(dir);
                long t0 = System.nanoTime();
                TrainingRun.Result r = new TrainingRun(cfg, train, val, dir)
                        .run(false, Long.MAX_VALUE, new TrainingRun.Listener() {
                            @Override
                            public void step(long step, long total, double loss, double lr, double slicesPerSecond) {}

                            @Override
                            public void validation(long step, TrainingRun.Validation v) {
                                Map<String, Object> line = new LinkedHashMap<>();
                                line.put("bench", "learning");
                                line.put("variant", variant);
                                line.put("step", step);
                                line.put("seconds", (System.nanoTime() - t0) / 1e9);
                                line.put("valVolumeAuc", v.volumeAuc());
                                line.put("valSliceAuc", v.sliceAuc());
                                line.put("valLesionSliceAuc", v.lesionSliceAuc());
                                line.put("valPerfectDetectorSliceAuc", v.perfectDetectorSliceAuc());
                                JsonOutput.line(line);
                            }
                        });
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("bench", "learning");
                s.put("variant", variant);
                s.put("summary", true);
                s.put("steps", r.steps());
                s.put("seconds", (System.nanoTime() - t0) / 1e9);
                s.put("pretrainSeconds", o.pretrained ? pretrainSeconds : 0.0);
                s.put("valVolumeAuc", r.validation().volumeAuc());
                s.put("valSliceAuc", r.validation().sliceAuc());
                s.put("valLesionSliceAuc", r.validation().lesionSliceAuc());
                s.put("valPerfectDetectorSliceAuc", r.validation().perfectDetectorSliceAuc());
                s.put("model", dir.resolve(TrainingRun.MODEL).toString());
                s.put("cores", Runtime.getRuntime().availableProcessors());
                JsonOutput.line(s);
            }
            return 0;
        } catch (InvalidInputException e) {
            System.err.println("tonno bench learning: invalid input: " + e.getMessage());
            return 2;
        }
    }

    private double pretrainSeconds;

    /** The dataset's residuals to its training cases' mean ({@code tonno residual}), written to OUT/residual. */
    private Dataset residuals(Dataset ds) throws Exception {
        long t0 = System.nanoTime();
        Dataset rd = TemplateResidual.run(ds, out.resolve("residual"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bench", "learning");
        s.put("residual", true);
        s.put("cases", rd.cases().size());
        s.put("seconds", (System.nanoTime() - t0) / 1e9);
        s.put("dataset", out.resolve("residual").resolve("dataset.json").toString());
        JsonOutput.line(s);
        return rd;
    }

    private Path pretrain(
            TrainingConfig base, TrainingConfig.Training loop, List<LabeledVolume> train, boolean onResiduals)
            throws Exception {
        TrainingConfig.Training t = BenchInputs.loop(
                        loop, pretrainSteps, loop.validationInterval(), loop.validationSlicesPerVolume())
                .withWeakLabels("slice", null, false, "foreground");
        TrainingConfig cfg = new TrainingConfig(base.model(), t, base.augmentation()).withPretext(base.pretext());
        cfg.validate("bench learning pretraining");
        List<LabeledVolume> unlabelled = new ArrayList<>();
        for (LabeledVolume v : train) {
            unlabelled.add(new LabeledVolume(v.id(), v.volume(), 0));
        }
        Path dir = out.resolve(onResiduals ? "pretrained_residual" : "pretrained");
        Workspace.deleteTree(dir);
        long t0 = System.nanoTime();
        double[] lossSum = {0};
        long[] counted = {0};
        new TrainingRun(cfg, unlabelled, List.of(), dir).run(false, Long.MAX_VALUE, (step, total, loss, lr, sps) -> {
            if (step > total - 50) {
                lossSum[0] += loss;
                counted[0]++;
            }
        });
        pretrainSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("bench", "learning");
        s.put("pretraining", true);
        s.put("residual", onResiduals);
        s.put("steps", pretrainSteps);
        s.put("seconds", pretrainSeconds);
        s.put("lossLast50", lossSum[0] / Math.max(1, counted[0]));
        JsonOutput.line(s);
        return dir.resolve(TrainingRun.MODEL);
    }

    /** The options a variant name turns on. */
    record Options(
            String loss,
            boolean balanced,
            boolean foreground,
            boolean pretrained,
            boolean synthesis,
            boolean residual) {
        static Options parse(String variant) throws InvalidInputException {
            String loss = "slice";
            boolean balanced = false;
            boolean foreground = false;
            boolean pretrained = false;
            boolean synthesis = false;
            boolean residual = false;
            for (String token : variant.split("\\+")) {
                switch (token.trim()) {
                    case "paper" -> {}
                    case "lse" -> loss = "lse";
                    case "noisy-or" -> loss = "noisy-or";
                    case "balanced" -> balanced = true;
                    case "foreground" -> foreground = true;
                    case "pretrained" -> pretrained = true;
                    case "synthesis" -> synthesis = true;
                    case "residual" -> residual = true;
                    default ->
                        throw new InvalidInputException(
                                "--variants",
                                variant,
                                "unknown option " + token
                                        + "; use paper, lse, noisy-or, balanced, foreground, pretrained, synthesis, residual joined"
                                        + " by +");
                }
            }
            return new Options(loss, balanced, foreground, pretrained, synthesis, residual);
        }
    }
}
