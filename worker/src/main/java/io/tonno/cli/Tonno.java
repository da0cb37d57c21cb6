package io.tonno.cli;

import io.tonno.cli.bench.Bench;
import io.tonno.cli.local.Cam;
import io.tonno.cli.local.Compare;
import io.tonno.cli.local.Evaluate;
import io.tonno.cli.local.Inspect;
import io.tonno.cli.local.Preprocess;
import io.tonno.cli.local.Pretrain;
import io.tonno.cli.local.Reconstruct;
import io.tonno.cli.local.Residual;
import io.tonno.cli.local.Synth;
import io.tonno.cli.local.Train;
import io.tonno.cli.stack.Demo;
import io.tonno.cli.stack.Dev;
import io.tonno.cli.stack.DevicesCommand;
import io.tonno.cli.stack.Resume;
import io.tonno.cli.stack.Status;
import io.tonno.cli.stack.Submit;
import io.tonno.cli.stack.WorkerCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code tonno} command line. Each verb is its own class; this one assembles them and routes each
 * verb's log records ({@link VerbLogging}): to a file under {@code .tonno/logs/}, and with
 * {@code --verbose} to the terminal too; servers ({@code worker}, {@code dev}) log to the terminal.
 */
@Command(
        name = "tonno",
        // Every verb inherits -h/-V and shows each option's default under its description ("Default: 32"): one
        // rule for the whole command line, so descriptions never spell out ${DEFAULT-VALUE} themselves.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        version = "tonno 0.1.0",
        description = "Weakly supervised 3D segmentation by tomographic reconstruction of 2D network outputs.",
        subcommands = {
            CommandLine.HelpCommand.class,
            Bench.class,
            Reconstruct.class,
            Inspect.class,
            Synth.class,
            Preprocess.class,
            Residual.class,
            Evaluate.class,
            Submit.class,
            Status.class,
            Resume.class,
            Train.class,
            Pretrain.class,
            Demo.class,
            Dev.class,
            WorkerCommand.class,
            DevicesCommand.class,
            Cam.class,
            Compare.class,
        })
public final class Tonno implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Also show log records on the terminal (they always go to a file under .tonno/logs/; "
                    + "worker and dev always show them).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line as {@link #main} runs it (enum values case-insensitive, log records routed). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Tonno()).setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> {
            try (VerbLogging ignored = routeLogs(parsed)) {
                return run.execute(parsed);
            }
        });
        return cli;
    }

    /** Starts the log routing of the verb that runs, or null (help, version, server verbs). */
    private static VerbLogging routeLogs(ParseResult parsed) {
        ParseResult leaf = parsed;
        boolean verbose = parsed.hasMatchedOption("--verbose");
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            verbose |= leaf.hasMatchedOption("--verbose");
        }
        if (leaf == parsed
                || leaf.isUsageHelpRequested()
                || leaf.isVersionHelpRequested()
                || leaf.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
            return null;
        }
        Object verb = leaf.commandSpec().userObject();
        boolean progress = verb instanceof ProgressVerb p && p.showsProgress();
        Path work = verb instanceof ProgressVerb p ? p.workDirectory() : Path.of(".tonno");
        String name = leaf.commandSpec().qualifiedName("-");
        return VerbLogging.start(
                name.substring(name.indexOf('-') + 1), VerbLogging.directory(work), verbose, progress, System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
