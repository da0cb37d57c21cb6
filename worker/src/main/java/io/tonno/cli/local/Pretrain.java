package io.tonno.cli.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.ProgressVerb;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno pretrain}: self-supervised pretraining of the slice classifier on a dataset's images without
 * their labels, on the synthetic-lesion pretext task
 * ({@link io.tonno.classifier.sampling.SyntheticLesions}). Takes a training spec like {@code tonno train}
 * (its {@code model}, {@code training} and {@code augmentation} sections, plus an optional {@code pretext}
 * section) and writes {@code OUT/model.safetensors}, which {@code tonno train} starts from with
 * {@code "model": {"weights": "OUT/model.safetensors"}} (same {@code arch} and {@code norm}).
 */
@Command(
        name = "pretrain",
        description =
                "Self-supervised pretraining on unlabelled volumes (find synthetic lesions); weights for model.weights.")
public final class Pretrain implements Callable<Integer>, ProgressVerb {
    @Option(names = "--dataset", required = true, description = "dataset manifest (dataset.json); labels are not read")
    Path dataset;

    @Option(
            names = "--config",
            description = "training spec JSON with an optional pretext section (default: all defaults)")
    Path config;

    @Option(
            names = "--out",
            required = true,
            description = "output directory: metrics.jsonl, checkpoint.safetensors, model.safetensors")
    Path out;

    @Option(names = "--resume", description = "continue from OUT/checkpoint.safetensors")
    boolean resume;

    @Option(
            names = "--splits",
            split = ",",
            defaultValue = "train",
            description = "splits whose images are used (e.g. train,calibration,test: "
                    + "no label is read, but keep the test images out when they are to score the final model)")
    List<String> splits;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        return TrainingVerbs.exitCode("tonno pretrain", err, () -> {
            TrainingConfig cfg;
            if (config != null) {
                cfg = TrainingConfig.load(config);
            } else {
                cfg = new TrainingConfig(null, null, null);
            }
            cfg = cfg.withPretext(cfg.pretext());
            cfg.validate(config == null ? "(defaults)" : config.toString());
            Dataset ds = Dataset.load(dataset);
            List<LabeledVolume> volumes = new ArrayList<>();
            for (String name : splits) {
                Split split = Split.parse(name);
                if (split == null) {
                    throw new InvalidInputException(
                            "--splits", "value", "must be train, calibration or test, got " + name);
                }
                for (CaseEntry c : ds.cases(split)) {
                    // Labels are not used: every volume enters as label 0; the pretext labels each slice.
                    volumes.add(new LabeledVolume(c.id(), Nifti.read(c.image()), 0));
                }
            }
            if (volumes.isEmpty()) {
                throw new InvalidInputException(dataset.toString(), "cases", "no case in splits " + splits);
            }
            err.printf(
                    Locale.ROOT,
                    "tonno pretrain: %d unlabelled volumes (%s), %s/%s, %d steps, synthetic lesions%n",
                    volumes.size(),
                    String.join(",", splits),
                    cfg.model().arch(),
                    cfg.model().norm(),
                    cfg.training().steps());
            TrainingRun.Result r = TrainingVerbs.run(new TrainingRun(cfg, volumes, List.of(), out), resume, err);
            Path model = out.resolve(TrainingRun.MODEL);
            ObjectNode hint = JsonOutput.object();
            hint.putObject("model")
                    .put("weights", model.toString())
                    .put("arch", cfg.model().arch())
                    .put("norm", cfg.model().norm());
            err.printf(
                    Locale.ROOT,
                    "tonno pretrain: done, %d steps; start tonno train from it with %s%n",
                    r.steps(),
                    JsonOutput.toLine(hint));
            JsonOutput.line(JsonOutput.object().put("steps", r.steps()).put("weights", model.toString()));
            return Files.isRegularFile(model) ? 0 : 1;
        });
    }
}
