package io.tonno.classifier.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code fixtures/make_exported_models.py} (a test resource) with Debian's {@code /usr/bin/python3} and its
 * PyTorch, to make TorchScript and ONNX fixtures in a test's temporary directory. Tests that need them skip, with
 * the reason, where PyTorch is not installed ({@code .ci/run} installs {@code python3-torch}).
 */
public final class ExportedModels {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExportedModels() {}

    /** Skips the calling test unless {@code /usr/bin/python3} can import torch. */
    public static void assumeTorch() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is missing; apt-get install python3-torch");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "/usr/bin/python3 lacks torch; apt-get install python3-torch");
    }

    /** ResNet-10-T with {@code weights} ({@code norm} bn, frozen-bn or gn) as {@code prefix.pt} and {@code prefix.onnx}. */
    public static void resnet10t(Path weights, String norm, Path prefix) throws Exception {
        run("resnet10t", weights.toString(), norm, prefix.toString());
    }

    /** The small ConvNeXt-style network (1 channel, 2 class logits) as {@code prefix.pt} and {@code prefix.onnx}. */
    public static void convnext(Path prefix) throws Exception {
        run("convnext", prefix.toString());
    }

    /** The contract breakers ({@code prefix-rank2.onnx}, {@code -map.pt}, {@code -nan.onnx|pt}, {@code -threeclass.pt}). */
    public static void bad(Path prefix) throws Exception {
        run("bad", prefix.toString());
    }

    private static void run(String... args) throws Exception {
        assumeTorch();
        String script;
        try (InputStream in = ExportedModels.class.getResourceAsStream("/fixtures/make_exported_models.py")) {
            if (in == null) {
                throw new IOException("fixtures/make_exported_models.py is not on the test class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("make_exported_models.py " + String.join(" ", args) + " failed:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
    }
}
