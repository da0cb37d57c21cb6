package io.tonno.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.ExitCodes;
import io.tonno.imaging.io.NiftiReadOptions;
import io.tonno.imaging.io.NiftiSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tonno inspect FILE}: one JSON object describing a NIfTI file, with nibabel's meanings. */
@Command(
        name = "inspect",
        description = {
            "Prints one JSON object about a NIfTI file (.nii/.nii.gz, NIfTI-1 or -2): shape, spacing,"
                    + " affine (4x4, as nibabel's img.affine), dtype (on-disk, nibabel's name), min, max, mean (finite"
                    + " voxels after scaling) and nanCount. NaN voxels are counted, not refused.",
            "Exit code 2 with a message naming the file and header field when the file is invalid."
        })
public final class Inspect implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "NIfTI file")
    Path file;

    @Option(names = "--max-voxels", description = "Refuse images with more voxels.")
    long maxVoxels = NiftiReadOptions.DEFAULT_MAX_VOXELS;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno inspect", () -> {
            NiftiSummary s = NiftiSummary.of(file, maxVoxels);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.toString());
            out.put("shape", s.shape());
            out.put("spacing", s.spacing());
            out.put("affine", s.affine());
            out.put("dtype", s.dtype());
            out.put("min", finiteOrNull(s.min()));
            out.put("max", finiteOrNull(s.max()));
            out.put("mean", finiteOrNull(s.mean()));
            out.put("nanCount", s.nanCount());
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return 0;
        });
    }

    private static Double finiteOrNull(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
