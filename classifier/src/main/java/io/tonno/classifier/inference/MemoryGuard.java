package io.tonno.classifier.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A ceiling on this process's resident memory (RSS, from {@code /proc/self/status}), checked by long loops
 * such as training: past it, {@link #check} throws {@link ResidentMemoryExceededException} with a message
 * that says how much is in use, the ceiling and how to change it, so that the run fails cleanly (a
 * training segment is retried from its last checkpoint) instead of being killed by the kernel's
 * out-of-memory killer.
 *
 * <p>The ceiling, in MiB, is the system property {@value #PROPERTY} when set (0 turns the guard off),
 * otherwise 90 % of the smaller of the machine's memory ({@code MemTotal}) and the cgroup's limit
 * ({@code /sys/fs/cgroup/memory.max}). Reading RSS costs a few microseconds; {@link #check} reads it at
 * most every {@link #PERIOD_NANOS}.
 */
public final class MemoryGuard {
    /** System property: the ceiling in MiB; 0 disables the guard. */
    public static final String PROPERTY = "tonno.maxResidentMegabytes";

    static final long PERIOD_NANOS = 1_000_000_000L;
    private final long ceilingMib;
    private long lastCheck;

    public MemoryGuard(long ceilingMib) {
        if (ceilingMib < 0) {
            throw new IllegalArgumentException("the memory ceiling must be >= 0 MiB, got " + ceilingMib);
        }
        this.ceilingMib = ceilingMib;
    }

    /** The guard configured by {@value #PROPERTY}, or 90 % of the memory this process may use. */
    public static MemoryGuard fromSystem() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            try {
                return new MemoryGuard(Long.parseLong(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number of MiB, got " + p, e);
            }
        }
        long limit = Math.min(meminfoKib("MemTotal") / 1024, cgroupLimitMib());
        return new MemoryGuard(limit <= 0 || limit == Long.MAX_VALUE ? 0 : limit * 9 / 10);
    }

    /** The ceiling in MiB (0: off). */
    public long ceilingMib() {
        return ceilingMib;
    }

    /**
     * Throws when resident memory exceeds the ceiling; {@code what} names the work for the message.
     * Rate-limited to one reading per second.
     */
    public void check(String what) {
        if (ceilingMib == 0) {
            return;
        }
        long now = System.nanoTime();
        if (lastCheck != 0 && now - lastCheck < PERIOD_NANOS) {
            return;
        }
        lastCheck = now;
        long rss = residentMib();
        if (rss > ceilingMib) {
            throw new ResidentMemoryExceededException(String.format(
                    Locale.ROOT,
                    "resident memory %d MiB exceeds the ceiling of %d MiB during %s; stopped before the kernel's "
                            + "out-of-memory killer would (raise it with -D%s=MIB in TONNO_JAVA_OPTS, 0 turns it off; "
                            + "see docs/classifier.md#memory)",
                    rss,
                    ceilingMib,
                    what,
                    PROPERTY));
        }
    }

    /** This process's resident set size in MiB, or -1 where {@code /proc} is not available. */
    public static long residentMib() {
        long kib = statusKib(Path.of("/proc/self/status"), "VmRSS");
        return kib < 0 ? -1 : kib / 1024;
    }

    private static long meminfoKib(String key) {
        return statusKib(Path.of("/proc/meminfo"), key);
    }

    private static long cgroupLimitMib() {
        try {
            String s = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).trim();
            return s.equals("max") ? Long.MAX_VALUE : Long.parseLong(s) / (1024 * 1024);
        } catch (IOException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long statusKib(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(
                            l.substring(key.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Resident memory passed the configured ceiling. */
    public static final class ResidentMemoryExceededException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public ResidentMemoryExceededException(String message) {
            super(message);
        }
    }
}
