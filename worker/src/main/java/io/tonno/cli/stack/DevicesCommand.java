package io.tonno.cli.stack;

import io.tonno.classifier.nn.Engines;
import io.tonno.cli.ExitCodes;
import io.tonno.imaging.InvalidInputException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno devices [--devices gpu:0,gpu:1]}: what a worker on this machine would run the network on. Prints the
 * PyTorch engine's version and the libtorch build it loaded (its folder names the flavour: {@code cpu}, or
 * {@code cu128} in the GPU image), whether it has CUDA, each GPU with its memory, and ONNX Runtime; then runs the
 * worker's device probe ({@link Engines#verifyDevice}) on each device given (default {@code cpu}) and prints
 * {@code DEVICE: ok} or why not. Exit code 0 when every device passes, 2 when one is missing, 1 when one computes
 * wrongly: the check an operator runs on a new GPU machine, and a GPU image runs when it is built.
 */
@Command(
        name = "devices",
        description = "Show the engine and GPUs this machine offers and probe the given devices as a worker would.")
public final class DevicesCommand implements Callable<Integer> {
    @Option(
            names = "--devices",
            split = ",",
            paramLabel = "DEVICE",
            defaultValue = "cpu",
            description = "Devices to probe, e.g. gpu:0,gpu:1.")
    List<String> devices;

    @Override
    public Integer call() {
        try {
            Engines.describe().forEach(System.out::println);
        } catch (Engines.MisconfiguredEngineException e) {
            System.err.println("tonno devices: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        int code = ExitCodes.OK;
        for (String d : devices) {
            try {
                Engines.verifyDevice(d.trim(), "command line", "--devices");
                System.out.println(d.trim() + ": ok (exists; a 3x3 convolution matches the CPU's)");
            } catch (InvalidInputException e) {
                System.out.println(d.trim() + ": not usable: " + e.getMessage());
                code = Math.max(code, ExitCodes.BAD_INPUT);
            } catch (Engines.MisconfiguredEngineException e) {
                System.out.println(d.trim() + ": wrong results: " + e.getMessage());
                code = code == ExitCodes.OK ? ExitCodes.FAILED : code;
            }
        }
        return code;
    }
}
