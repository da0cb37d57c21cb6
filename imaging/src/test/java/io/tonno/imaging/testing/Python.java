package io.tonno.imaging.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code /usr/bin/python3} (with nibabel, pydicom) for cross-checks in tests. */
public final class Python {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {}

    /** Skips the calling test (with a message) unless /usr/bin/python3 can import every given module. */
    public static void assumeModules(String... modules) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is missing; install Debian python3");
        for (String m : modules) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + m)
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            assumeTrue(p.waitFor() == 0, "/usr/bin/python3 lacks module " + m + "; apt-get install python3-" + m);
        }
    }

    /** Runs a script with arguments and returns its stdout; fails the test on a non-zero exit. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
