package io.tonno.workflows.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.tonno.workflows.MockActivities;
import io.tonno.workflows.OrchestrationSettings;
import io.tonno.workflows.TaskQueues;
import io.tonno.workflows.WorkflowImplementations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With search attributes on, an experiment is findable by ExperimentId and shows its Stage. */
class SearchAttributesTest {
    @RegisterExtension
    static final TestWorkflowExtension TEMPORAL = TestWorkflowExtension.newBuilder()
            .setDoNotStart(true)
            .setUseTimeskipping(false)
            // The test server, like a real namespace, accepts only registered attributes.
            .registerSearchAttribute("ExperimentId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .registerSearchAttribute("Stage", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .build();

    @Test
    void upsertsExperimentIdAndTheCurrentStage(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        WorkflowImplementations.register(
                env.newWorker(TaskQueues.WORKFLOW), new OrchestrationSettings(TaskQueues.DEFAULT, true));
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(m.data, m.evaluation, m.stages);
        env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(m.training, m.reconstruction);
        env.start();
        WorkflowClient client = env.getWorkflowClient();
        client.newWorkflowStub(
                        ExperimentWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.WORKFLOW)
                                .setWorkflowId("sa")
                                .build())
                .run(MockActivities.spec("sa", 2));

        SearchAttributes attributes =
                client.newUntypedWorkflowStub("sa").describe().getTypedSearchAttributes();
        assertEquals("sa", attributes.get(io.tonno.workflows.SearchAttributes.EXPERIMENT_ID));
        assertEquals("done", attributes.get(io.tonno.workflows.SearchAttributes.STAGE));
    }
}
