package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.spi.FilterReply;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No verb shows the engine's CUDA probe warnings on a machine without a GPU unless a GPU was asked for, nor
 * libtorch's native NNPACK warnings. The engine warns when it first loads in a JVM, so the verbs run in
 * fresh JVMs, with {@code --verbose} so that log records reach the terminal as well as the log file.
 */
public class CudaWarningTest {
    @TempDir
    Path dir;

    @Test
    void theFilterDropsOnlyTheCudaProbeWarning() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger probe = context.getLogger(CudaProbeFilter.LOGGER);
        ch.qos.logback.classic.Logger other = context.getLogger("ai.djl.pytorch.engine.PtEngine");
        CudaProbeFilter filter = new CudaProbeFilter();
        assertEquals(
                FilterReply.DENY,
                filter.decide(null, probe, Level.WARN, "Failed to detect GPU count: {} ({})", null, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, probe, Level.WARN, "Unexpected output: {}", null, null));
        assertEquals(
                FilterReply.NEUTRAL,
                filter.decide(null, probe, Level.ERROR, "Failed to detect GPU count: {} ({})", null, null));
        assertEquals(
                FilterReply.NEUTRAL,
                filter.decide(null, other, Level.WARN, "Failed to detect GPU count: {} ({})", null, null));
        ch.qos.logback.classic.Logger ort = context.getLogger(CudaProbeFilter.ORT_LOGGER);
        assertEquals(
                FilterReply.DENY,
                filter.decide(null, ort, Level.WARN, "CUDA is not supported OnnxRuntime engine: {}", null, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, ort, Level.WARN, "Unexpected output: {}", null, null));
    }

    @Test
    void logbackXmlInstallsTheFilter() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Tonno.class.getResource("/logback.xml"));
        assertTrue(
                context.getTurboFilterList().stream().anyMatch(f -> f instanceof CudaProbeFilter),
                context.getTurboFilterList().toString());
        context.stop();
    }

    @Test
    void verbsThatLoadTheEngineShowNoCudaWarningOnACpuMachine() throws Exception {
        Path data = dir.resolve("data");
        SyntheticDataset.write(data, new SynthSettings(6, 16, 3, 0.5));
        Path config = Files.writeString(dir.resolve("train.json"), """
                {"model": {"norm": "bn", "sliceSize": 16, "inputNormalization": "none"},
                 "training": {"steps": 2, "volumesPerBatch": 2, "slicesPerVolume": 2, "checkpointInterval": 2,
                              "warmupSteps": 1, "validationSlicesPerVolume": 2,
                              "validationPlanes": "lattice"}}
                """);
        Output train = tonno(
                "train",
                "--dataset",
                data.resolve("dataset.json").toString(),
                "--config",
                config.toString(),
                "--out",
                dir.resolve("model").toString(),
                "-v");
        assertEquals(0, train.code(), train.text());
        assertNoCudaWarning(train);

        Path image;
        try (Stream<Path> images = Files.list(data.resolve("images"))) {
            image = images.sorted().findFirst().orElseThrow();
        }
        Output reconstruct = tonno(
                "reconstruct",
                "--input",
                image.toString(),
                "--out",
                dir.resolve("heat.nii.gz").toString(),
                "--scorer",
                "model",
                "--weights",
                dir.resolve("model").resolve("model.safetensors").toString(),
                "--norm",
                "bn",
                "--slice-size",
                "16",
                "--directions",
                "4",
                "--slices",
                "4",
                "-v");
        assertEquals(0, reconstruct.code(), reconstruct.text());
        assertNoCudaWarning(reconstruct);

        // A CAM on single slices is where libtorch tried NNPACK, and printed a line per thread where it could not.
        Output cam = tonno(
                "cam",
                "--input",
                image.toString(),
                "--out",
                dir.resolve("cam.nii.gz").toString(),
                "--weights",
                dir.resolve("model").resolve("model.safetensors").toString(),
                "--norm",
                "bn",
                "--method",
                "layercam",
                "--layer",
                "2",
                "--slice-size",
                "16",
                "-v");
        assertEquals(0, cam.code(), cam.text());
        assertNoCudaWarning(cam);
    }

    /**
     * The control: asking for a GPU on this machine (no usable GPU; the bundled libtorch is CPU-only) fails at once
     * with one message naming the setting and CUDA's reason, not with a libtorch dispatcher error.
     */
    @Test
    void askingForAMissingGpuFailsNamingTheSettingAndTheReason() throws Exception {
        Path data = dir.resolve("data");
        SyntheticDataset.write(data, new SynthSettings(6, 16, 3, 0.5));
        Path config = Files.writeString(dir.resolve("train.json"), """
                {"model": {"norm": "bn", "sliceSize": 16, "inputNormalization": "none", "device": "gpu:0"},
                 "training": {"steps": 2, "volumesPerBatch": 2, "slicesPerVolume": 2, "checkpointInterval": 2,
                              "warmupSteps": 1}}
                """);
        Output train = tonno(
                "train",
                "--dataset",
                data.resolve("dataset.json").toString(),
                "--config",
                config.toString(),
                "--out",
                dir.resolve("model").toString(),
                "-v");
        Assumptions.assumeTrue(train.code() != 0, "a usable GPU: nothing to report");
        assertEquals(2, train.code(), train.text());
        assertTrue(train.text().contains("training spec: model.device: gpu:0 was asked for, but "), train.text());
        assertTrue(train.text().contains("CUDA reports: "), train.text());
        if (cudaRuntimeInstalled()) {
            assertTrue(
                    train.text().contains("CUDA driver version is insufficient for CUDA runtime version (35)")
                            || train.text().contains("no CUDA-capable device"),
                    train.text());
        }
        assertFalse(train.text().contains("aten::"), train.text());
        assertFalse(train.text().contains("Failed to detect GPU count"), train.text());
    }

    /** No CUDA probe warning, and none of libtorch's native NNPACK warnings either. */
    private static void assertNoCudaWarning(Output o) {
        assertFalse(o.text().contains("CUDA"), o.text());
        assertFalse(o.text().contains("GPU count"), o.text());
        assertFalse(o.text().contains("NNPACK"), o.text());
        assertNotEquals("", o.text());
    }

    private static boolean cudaRuntimeInstalled() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "ldconfig -p 2>/dev/null | grep -q 'libcudart\\.so'").start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private record Output(int code, String text) {}

    /**
     * The command line in a fresh JVM, stdout and stderr together; its classpath is the test's without the
     * test classes (whose logback-test.xml would replace the logback.xml that bin/tonno runs with).
     */
    private Output tonno(String... args) throws IOException, InterruptedException {
        String classpath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.contains("-tests.jar"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-D" + VerbLogging.DIR_PROPERTY + "=" + dir.resolve("logs"),
                "-cp",
                classpath,
                Tonno.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putIfAbsent("ONEDNN_MAX_CPU_ISA", "AVX2");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "tonno " + String.join(" ", args) + " did not finish: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
