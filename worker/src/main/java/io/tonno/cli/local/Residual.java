package io.tonno.cli.local;

import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.preprocess.TemplateResidual;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tonno residual}: every case of a dataset as its residual to the training cases' mean appearance. */
@Command(
        name = "residual",
        description = {
            "Writes every case of a dataset as its difference from the mean of the training cases"
                    + " (each divided by the median of its body first): OUT/template.nii.gz, OUT/images/{id}.nii.gz"
                    + " and OUT/dataset.json (masks, labels and splits unchanged).",
            "For scans on one grid (registered to a common space, then `tonno preprocess`): the anatomy they share"
                    + " cancels and small lesions stand out; train and evaluate on OUT/dataset.json.",
            "Exit code 2 with the file and field when a case is on another grid or the dataset has no training case."
        })
public final class Residual implements Callable<Integer> {
    @Mixin
    DatasetTransformOptions io = new DatasetTransformOptions();

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno residual", () -> {
            long t0 = System.nanoTime();
            Dataset r = TemplateResidual.run(Dataset.load(io.dataset), io.out);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("dataset", io.out.resolve("dataset.json").toAbsolutePath().toString());
            o.put("template", io.out.resolve("template.nii.gz").toAbsolutePath().toString());
            o.put("cases", r.cases().size());
            o.put("seconds", (System.nanoTime() - t0) / 1e9);
            JsonOutput.line(o);
            return 0;
        });
    }
}
