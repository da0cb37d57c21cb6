package io.tonno.classifier.archfixture;

import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Breaks the module rules on purpose (a science package calling Temporal): ArchitectureTest's fixture. */
public final class TemporalInScience {
    private TemporalInScience() {}

    static void waitInsideTheScience() {
        Workflow.sleep(Duration.ofSeconds(1));
    }
}
