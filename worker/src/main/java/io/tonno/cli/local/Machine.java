package io.tonno.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line description of the machine for reports: CPU model (Linux), cores, OS, JVM, ISA setting. */
public final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = System.getProperty("os.arch");
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException e) {
                // Keep the architecture name: the description is informative only.
            }
        }
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version")
                + (isa == null ? "" : ", ONEDNN_MAX_CPU_ISA=" + isa);
    }
}
