package io.tonno.cli.stack;

import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.Tonno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tonno worker} in its own JVM (same class path as this one), serving all three queues of
 * a {@link LocalCluster}; standard output and error go to {@code dir/worker.log}. The connection
 * comes from flags, the store credentials from the environment (never the command line), the
 * worker's cache from {@code -Dtonno.workDir=dir/work}. The JVM sees one processor
 * ({@code -XX:ActiveProcessorCount=1}), so PyTorch and the slicing use one thread in every worker and
 * results are bit-reproducible from one worker to another.
 */
public final class WorkerProcess {
    private final String name;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(String name, Path dir, ProcessSettings settings, List<String> jvmOptions)
            throws IOException {
        return start(
                name,
                dir,
                settings,
                jvmOptions,
                List.of(
                        settings.plugin().queues().workflow(),
                        settings.plugin().queues().cpu(),
                        settings.plugin().queues().gpu()));
    }

    /** A worker JVM serving only {@code queues}. */
    static WorkerProcess start(
            String name, Path dir, ProcessSettings settings, List<String> jvmOptions, List<String> queues)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:ActiveProcessorCount=1");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dtonno.workDir=" + dir.resolve("work").toAbsolutePath());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Tonno.class.getName());
        cmd.add("worker");
        cmd.add("--queues");
        cmd.add(String.join(",", queues));
        cmd.add("--grace");
        cmd.add("10");
        cmd.add("--temporal-address");
        cmd.add(settings.temporalAddress());
        cmd.add("--s3-endpoint");
        cmd.add(settings.plugin().store().endpoint());
        cmd.add("--s3-bucket");
        cmd.add(settings.plugin().store().bucket());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Path log = dir.resolve("worker.log");
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        for (String k : ConfigLoader.ENVIRONMENT.keySet()) {
            env.remove(k);
        }
        env.remove(ConfigLoader.CONFIG_ENV);
        env.put("TONNO_S3_ACCESS_KEY", settings.plugin().store().accessKey());
        env.put("TONNO_S3_SECRET_KEY", settings.plugin().store().secretKey());
        env.put("TONNO_CPU_SLOTS", "2");
        // libtorch 2.7.1's oneDNN AVX-512 convolutions are wrong on some CPUs (docs/classifier.md).
        env.put("ONEDNN_MAX_CPU_ISA", "AVX2");
        env.put("OMP_NUM_THREADS", "1");
        return new WorkerProcess(name, pb.start(), log);
    }

    /** Waits until the worker printed that it polls, or fails when it exited or took too long. */
    void awaitReady(int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!logText().contains("tonno worker on ")) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ":\n" + logText());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not start within " + seconds + " s:\n" + logText());
            }
            Thread.sleep(100);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux): no shutdown hook, no graceful stop; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM: the worker stops polling and gives running activities its grace period. */
    public boolean stop(int seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public Path log() {
        return log;
    }

    /** The log so far. */
    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The log lines so far. */
    public List<String> logLines() throws IOException {
        return logText().lines().toList();
    }

    /** The resident set size in kB ({@code VmRSS} of {@code /proc/PID/status}), or -1 when unavailable. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
