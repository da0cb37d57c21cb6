package io.tonno.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tonno bench TOPIC}: benchmarks that check the performance targets of the issues. Each topic
 * is its own subcommand class and prints one JSON object per measurement with the machine's core count.
 */
@Command(
        name = "bench",
        description = "Benchmarks: throughput, time and peak memory of each stage.",
        subcommands = {
            BenchTomography.class,
            BenchIo.class,
            BenchEvaluation.class,
            BenchNetwork.class,
            BenchOrchestration.class,
            BenchCam.class,
            BenchSoak.class,
            BenchTrainingMemory.class,
            BenchLearning.class,
            BenchWorkerMemory.class,
            BenchSaturation.class,
            BenchConvergence.class,
        })
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
