package io.tonno.cli.bench;

import io.tonno.classifier.inference.MemoryGuard;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.local.Train;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.synth.SynthSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench training-memory}: trains with the default training spec (ResNet-10-T, 64² slices,
 * 8 volumes × 16 slices per step) once per norm kind and prints, as JSON lines, the process's resident
 * memory every {@code --every} steps and a summary per norm: RSS at the reference step (default 200) and
 * at the last step, and their ratio (issue target: within 10 %).
 */
@Command(
        name = "training-memory",
        description =
                "Resident memory of the JVM while training, sampled every N steps, for each norm kind (JSON lines).")
public final class BenchTrainingMemory implements Callable<Integer> {
    @Option(
            names = "--dataset",
            description = "dataset manifest; default: a generated synthetic set of 24 cases of 64³")
    Path dataset;

    @Option(names = "--steps", defaultValue = "2000", description = "steps per norm kind")
    int steps;

    @Option(names = "--every", defaultValue = "50", description = "steps between samples")
    int every;

    @Option(
            names = "--reference-step",
            defaultValue = "200",
            description = "the step whose RSS the last one is compared with")
    int referenceStep;

    @Option(names = "--norms", split = ",", defaultValue = "gn,bn,frozen-bn", description = "norm kinds to run")
    List<String> norms;

    @Override
    public Integer call() throws Exception {
        if (steps < 2 || every < 1 || referenceStep < 1 || referenceStep >= steps) {
            System.err.println(
                    "tonno bench training-memory: need steps >= 2, every >= 1 and 1 <= reference-step < steps");
            return 2;
        }
        return BenchOutput.inDirectory(null, "tonno-bench-memory", this::run);
    }

    private int run(Path work) throws Exception {
        Path manifest = BenchInputs.dataset(dataset, work.resolve("data"), new SynthSettings(24, 64, 1, 0.5));
        List<LabeledVolume> train = Train.load(Dataset.load(manifest).cases(Split.TRAIN), false);
        for (String norm : norms) {
            TrainingConfig defaults = new TrainingConfig(null, null, null);
            TrainingConfig.Model m = defaults.model();
            TrainingConfig.Training t = defaults.training();
            TrainingConfig cfg = new TrainingConfig(
                    new TrainingConfig.Model(
                            m.arch(), norm, null, m.sliceSize(), m.inputNormalization(), m.device(), m.init(), null),
                    BenchInputs.loop(t, steps, t.validationInterval(), t.validationSlicesPerVolume()),
                    defaults.augmentation());
            cfg.validate("bench training-memory");
            long[] atReference = {-1};
            long[] last = {-1};
            long t0 = System.nanoTime();
            new TrainingRun(cfg, train, List.of(), work.resolve("run-" + norm))
                    .run(false, Long.MAX_VALUE, (step, total, loss, lr, sps) -> {
                        if (step % every == 0 || step == referenceStep || step == total) {
                            long rss = MemoryGuard.residentMib();
                            if (step == referenceStep) {
                                atReference[0] = rss;
                            }
                            last[0] = rss;
                            Map<String, Object> o = new LinkedHashMap<>();
                            o.put("bench", "training-memory");
                            o.put("norm", norm);
                            o.put("step", step);
                            o.put("rssMiB", rss);
                            o.put(
                                    "heapUsedMiB",
                                    (Runtime.getRuntime().totalMemory()
                                                    - Runtime.getRuntime().freeMemory())
                                            >> 20);
                            o.put("loss", loss);
                            o.put("seconds", (System.nanoTime() - t0) / 1e9);
                            JsonOutput.line(o);
                        }
                    });
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("bench", "training-memory");
            s.put("norm", norm);
            s.put("summary", true);
            s.put("steps", steps);
            s.put("referenceStep", referenceStep);
            s.put("rssAtReferenceMiB", atReference[0]);
            s.put("rssAtLastMiB", last[0]);
            s.put("ratio", atReference[0] > 0 ? (double) last[0] / atReference[0] : Double.NaN);
            s.put("cores", Runtime.getRuntime().availableProcessors());
            JsonOutput.line(s);
        }
        return 0;
    }
}
