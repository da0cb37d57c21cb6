package io.tonno.cli.stack;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.tonno.cli.ProcessSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A verb about one experiment named by its id ({@code tonno status ID}, {@code tonno resume ID}): the id, the
 * connection options, and the one path that connects ({@link ConnectionOptions#withClient}) and hands the verb the
 * experiment's untyped workflow stub.
 */
abstract class ExperimentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The workflow id (the experimentId).")
    String id;

    @Mixin
    ConnectionOptions connection;

    /** The verb as picocli runs it; its name ({@code status}, {@code resume}) starts the verb's messages. */
    @Spec
    CommandSpec spec;

    /** What the verb does with the experiment; returns the exit code. */
    abstract int run(ProcessSettings settings, WorkflowClient client, WorkflowStub experiment) throws Exception;

    @Override
    public final Integer call() throws Exception {
        return connection.withClient(
                spec.name(), (settings, client) -> run(settings, client, client.newUntypedWorkflowStub(id)));
    }
}
