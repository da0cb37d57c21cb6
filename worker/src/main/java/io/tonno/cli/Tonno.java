package io.tonno.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tonno} command line. Each verb is its own class; this one only assembles them.
 */
@Command(
        name = "tonno",
        mixinStandardHelpOptions = true,
        version = "tonno 0.1.0",
        description = "Weakly supervised 3D segmentation by tomographic reconstruction of 2D network outputs.",
        subcommands = {
            CommandLine.HelpCommand.class,
            Bench.class,
            Reconstruct.class,
            Inspect.class,
            Synth.class,
            Preprocess.class,
            Evaluate.class,
            Submit.class,
            Status.class,
            Resume.class,
            Train.class,
            Demo.class,
            Dev.class,
            WorkerCommand.class,
            Cam.class,
            Compare.class,
        })
public final class Tonno implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line as {@link #main} runs it (enum values case-insensitive). */
    public static CommandLine commandLine() {
        return new CommandLine(new Tonno()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
