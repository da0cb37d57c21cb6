package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.tonno.activities.plugin.MockProvider;
import io.tonno.activities.plugin.TonnoPlugin;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.Tonno;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's device probe: asked for a GPU this machine does not have, {@code tonno worker} refuses to start with
 * a message that says what is missing, before it connects to Temporal. The Temporal address given is a closed port
 * and {@code --connect-timeout} is 300 s: a worker that got as far as connecting would retry for five minutes, so an
 * exit within 10 s shows it never reached the server, and so never polled a task queue.
 */
class WorkerDeviceProbeTest {
    record Run(int code, String err, double seconds) {}

    private static Run worker(String... args) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<String> all = new ArrayList<>(List.of("worker", "--queues", "tonno,tonno-cpu,tonno-gpu"));
        all.addAll(List.of(args));
        all.addAll(List.of("--temporal-address", "127.0.0.1:" + closed, "--connect-timeout", "300"));
        PrintStream err = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Tonno.commandLine().execute(all.toArray(String[]::new));
            return new Run(code, e.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1e9);
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aWorkerAskedForAMissingGpuExitsAtOnceSayingWhatIsMissing() throws Exception {
        Run r = worker("--device", "gpu:0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.seconds() < 10, "took " + r.seconds() + " s");
        assertTrue(r.err().contains("--device"), r.err());
        assertTrue(r.err().contains("gpu:0 was asked for, but"), r.err());
        assertTrue(r.err().contains("CUDA reports:"), r.err());
    }

    @Test
    void everyListedDeviceIsProbed() throws Exception {
        Run r = worker("--devices", "cpu,gpu:1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.seconds() < 10, "took " + r.seconds() + " s");
        assertTrue(r.err().contains("--devices"), r.err());
        assertTrue(r.err().contains("gpu:1 was asked for"), r.err());
    }

    @Test
    void devicesShowsTheEngineAndProbesEachDevice() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int ok;
        int missing;
        String first;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            ok = Tonno.commandLine().execute("devices");
            first = o.toString(StandardCharsets.UTF_8);
            o.reset();
            missing = Tonno.commandLine().execute("devices", "--devices", "cpu,gpu:0");
        } finally {
            System.setOut(out);
        }
        String second = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, ok, first);
        assertTrue(first.startsWith("PyTorch 2.7.1 (DJL "), first);
        assertTrue(first.contains("CUDA: no (a CPU build of libtorch)"), first);
        assertTrue(first.contains("\ncpu: ok ("), first);
        assertEquals(2, missing, second);
        assertTrue(second.contains("\ncpu: ok ("), second);
        assertTrue(second.contains("\ngpu:0: not usable: command line: --devices: gpu:0 was asked for"), second);
    }

    @Test
    void eachListedDeviceGetsItsOwnGpuWorkerAndOnlyTheFirstServesTheOtherQueues(@TempDir Path dir) throws Exception {
        try (EmbeddedStack stack =
                EmbeddedStack.start(dir, 0, 0, ConfigLoader.load(Map.of(), null, Map.of()), new MockProvider())) {
            ProcessSettings settings = stack.settings();
            WorkflowServiceStubs stubs = ConnectionOptions.stubs(settings);
            List<WorkerFactory> factories = WorkerCommand.factories(
                    stubs, settings, List.of("tonno", "tonno-cpu", "tonno-gpu"), List.of("gpu:0", "gpu:1", "gpu:2"));
            try {
                assertEquals(3, factories.size());
                for (int i = 0; i < 3; i++) {
                    WorkerFactory f = factories.get(i);
                    assertTrue(serves(f, "tonno-gpu"), "factory " + i);
                    assertEquals(i == 0, serves(f, "tonno"), "factory " + i);
                    assertEquals(i == 0, serves(f, "tonno-cpu"), "factory " + i);
                    TonnoPlugin plugin =
                            (TonnoPlugin) f.getWorkflowClient().getOptions().getPlugins()[0];
                    assertEquals("gpu:" + i, plugin.config().device());
                }
            } finally {
                factories.forEach(WorkerFactory::shutdownNow);
                stubs.shutdownNow();
            }
        }
    }

    private static boolean serves(WorkerFactory f, String queue) {
        try {
            return f.getWorker(queue) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void deviceListsAreCheckedBeforeAnything() throws Exception {
        Run both = worker("--device", "cpu", "--devices", "cpu");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("give --device or --devices, not both"), both.err());
        Run twice = worker("--devices", "gpu:0,gpu:0");
        assertEquals(2, twice.code(), twice.err());
        assertTrue(twice.err().contains("each device once"), twice.err());
        Run malformed = worker("--devices", "tpu:0");
        assertEquals(2, malformed.code(), malformed.err());
        assertTrue(malformed.err().contains("unknown device 'tpu:0'"), malformed.err());
    }
}
