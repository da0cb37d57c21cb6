package io.tonno.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ExitCodes;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.preprocess.Preprocessor;
import io.tonno.imaging.preprocess.Preset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tonno preprocess}: applies a preset to every case of a dataset. */
@Command(
        name = "preprocess",
        description = {
            "Resamples, normalises, computes the body (foreground) mask and crops/pads every case of a"
                    + " dataset; writes OUT/{id}/image.nii.gz, mask.nii.gz, foreground.nii.gz and OUT/dataset.json.",
            "Presets: ct-lung, ct-abdomen, mr-brain, pet, synthetic (config/presets), or a path to a preset .json.",
            "Exit code 2 with every problem listed when the dataset or preset is invalid."
        })
public final class Preprocess implements Callable<Integer> {
    @Mixin
    DatasetTransformOptions io = new DatasetTransformOptions();

    @Option(names = "--preset", required = true, paramLabel = "NAME", description = "Preset name or .json path.")
    String preset;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno preprocess", () -> {
            Preset p = Preset.load(preset, ConfigLoader.presetsDir());
            Dataset d = Dataset.load(io.dataset);
            long t0 = System.nanoTime();
            Dataset r = Preprocessor.run(d, p, io.out, ConfigLoader.dcm2niix());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("dataset", io.out.resolve("dataset.json").toAbsolutePath().toString());
            o.put("preset", p.name());
            o.put("cases", r.cases().size());
            o.put("seconds", (System.nanoTime() - t0) / 1e9);
            System.out.println(new ObjectMapper().writeValueAsString(o));
            return 0;
        });
    }
}
