package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

public class TonnoCommandTest {
    @Test
    void everyVerbIsRegisteredOnceAndHasHelp() {
        // Building the command line fails on duplicate subcommand names, which merges can introduce.
        String[] verbs = {
            "synth",
            "inspect",
            "preprocess",
            "residual",
            "train",
            "reconstruct",
            "cam",
            "evaluate",
            "submit",
            "status",
            "resume",
            "bench",
            "demo",
            "dev",
            "worker"
        };
        for (String verb : verbs) {
            CommandLine cli = Tonno.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            assertEquals(0, cli.execute(verb, "--help"), verb + " --help: " + err);
            assertTrue(out.toString().contains("Usage: tonno " + verb), out.toString());
        }
        CommandLine bench = Tonno.commandLine().getSubcommands().get("bench");
        for (String topic : new String[] {"io", "tomography", "network", "evaluation", "cam", "orchestration"}) {
            assertTrue(bench.getSubcommands().containsKey(topic), "missing bench " + topic);
        }
    }

    /**
     * One rule for help on every verb: {@code -h}/{@code -V} and each option's default shown by picocli under its
     * description, so that no description spells its default out (twice, or in another wording than the others).
     */
    @Test
    void everyVerbShowsItsDefaultsOneWay() {
        List<String> problems = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(Tonno.commandLine()));
        for (int c = 0; c < commands.size(); c++) {
            CommandLine cli = commands.get(c);
            commands.addAll(cli.getSubcommands().values());
            CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
            if (spec.helpCommand()) {
                continue; // picocli's own "tonno help VERB"
            }
            if (!spec.usageMessage().showDefaultValues()) {
                problems.add(spec.qualifiedName() + ": defaults not shown");
            }
            if (spec.findOption("--help") == null || spec.findOption("--version") == null) {
                problems.add(spec.qualifiedName() + ": no -h/-V");
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                String description = String.join(" ", o.description()).toLowerCase(Locale.ROOT);
                String value = o.defaultValueString();
                if (description.contains("${default-value}")
                        || (value != null
                                && !value.isEmpty()
                                && (description.contains("default " + value.toLowerCase(Locale.ROOT))
                                        || description.contains("default: " + value.toLowerCase(Locale.ROOT))))) {
                    problems.add(spec.qualifiedName() + " " + o.longestName() + ": " + description);
                }
            }
        }
        assertTrue(commands.size() > 30, "walked " + commands.size() + " commands");
        assertEquals(List.of(), problems);
    }
}
