package io.tonno.workflows.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.tonno.workflows.activity.TrainingProgress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How specs decode with Temporal's own Jackson settings (what a worker without extra setup uses). */
class SpecJsonTest {
    private final ObjectMapper temporal = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    @Test
    void unknownFieldsAreCollectedForTheValidatorInsteadOfFailingTheDecode() throws Exception {
        ExperimentSpec spec = temporal.readValue("""
                {"experimentId": "e1", "dataset": "d.json", "colour": "red",
                 "model": {"arch": "resnet10t", "depth": 10},
                 "methods": [{"name": "tonno", "directions": 10}, {"name": "gradcam", "layr": 3}]}
                """, ExperimentSpec.class);
        assertEquals(
                List.of("colour: unknown field", "model.depth: unknown field", "methods[1].layr: unknown field"),
                SpecValidator.problems(spec));
    }

    @Test
    void omittedOptionalFieldsTakeDefaultsSoOldHistoriesDecode() throws Exception {
        ExperimentSpec spec = temporal.readValue("""
                {"experimentId": "e1", "dataset": "d.json", "training": {"steps": 50}}
                """, ExperimentSpec.class);
        assertEquals(List.of(), SpecValidator.problems(spec));
        assertEquals(50, spec.training().steps());
        assertEquals(50, spec.training().warmupSteps());
        assertEquals(8, spec.training().volumesPerBatch());
    }

    @Test
    void residualIsOffUnlessAskedAndChangesTheStageKeyOnlyWhenOn() throws Exception {
        ExperimentSpec plain = temporal.readValue("""
                {"experimentId": "e1", "dataset": "d.json", "preprocessing": "mr-brain"}
                """, ExperimentSpec.class);
        ExperimentSpec residual = temporal.readValue("""
                {"experimentId": "e1", "dataset": "d.json", "preprocessing": "mr-brain", "residual": true}
                """, ExperimentSpec.class);
        assertEquals(false, plain.residual());
        assertEquals("mr-brain", plain.preprocessingKey());
        assertEquals(true, residual.residual());
        assertEquals("mr-brain+residual", residual.preprocessingKey());
        assertEquals(List.of(), SpecValidator.problems(residual));
        assertEquals(residual, temporal.readValue(temporal.writeValueAsString(residual), ExperimentSpec.class));
    }

    @Test
    void roundTripsThroughTemporalsMapperUnchanged() throws Exception {
        ExperimentSpec spec = new ExperimentSpec(
                "e1",
                "d.json",
                "brain",
                false,
                null,
                null,
                List.of(MethodSpec.of("tomographic", "layercam", 3, null)
                        .withSampling(500, 60)
                        .withSliceSize(64)),
                null,
                null,
                null,
                Map.of());
        String json = temporal.writeValueAsString(spec);
        assertEquals(spec, temporal.readValue(json, ExperimentSpec.class));
    }

    @Test
    void payloadRecordsIgnoreFieldsAddedByNewerWorkers() throws Exception {
        TrainingProgress p = temporal.readValue(
                "{\"step\":3,\"checkpointKey\":\"k\",\"loss\":0.5,\"lr\":0.1}", TrainingProgress.class);
        assertEquals(new TrainingProgress(3, "k", 0.5), p);
    }
}
