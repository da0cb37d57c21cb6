package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
