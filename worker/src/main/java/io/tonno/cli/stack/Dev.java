package io.tonno.cli.stack;

import io.tonno.activities.plugin.ActivityProvider;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.imaging.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno dev}: the embedded one-machine stack ({@link EmbeddedStack}) until Ctrl-C; submit
 * experiments to it with {@code tonno submit}.
 */
@Command(
        name = "dev",
        description = "Run Temporal (test server), an S3 store and a worker on all queues in this process.")
public final class Dev implements Callable<Integer> {
    @Option(names = "--dir", description = "Directory of the object store.")
    Path dir = Path.of(".tonno");

    @Option(names = "--temporal-port", description = "Temporal port on 127.0.0.1.")
    int temporalPort = 7233;

    @Option(names = "--s3-port", description = "S3 port on 127.0.0.1.")
    int s3Port = 9000;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        ProcessSettings settings;
        try {
            settings = connection.settings(Map.of());
        } catch (InvalidInputException e) {
            System.err.println("tonno dev: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        ActivityProvider provider =
                ServiceLoader.load(ActivityProvider.class).findFirst().orElse(null);
        if (provider == null) {
            System.err.println("tonno dev: no activity implementations on the class path");
            return ExitCodes.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedStack stack = EmbeddedStack.start(dir, temporalPort, s3Port, settings, provider);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stack.close();
                            } catch (Exception e) {
                                System.err.println("tonno dev: shutdown: " + e.getMessage());
                            }
                            stopped.countDown();
                        },
                        "tonno-dev-shutdown"));
        System.out.println("tonno dev: Temporal " + stack.settings().temporalAddress() + ", S3 "
                + stack.settings().plugin().store().endpoint() + " (objects under " + dir.resolve("objects")
                + "), worker on " + stack.settings().plugin().queues() + "; Ctrl-C stops");
        stopped.await();
        return ExitCodes.OK;
    }
}
