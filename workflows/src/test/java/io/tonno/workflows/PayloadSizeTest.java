package io.tonno.workflows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.converter.DefaultDataConverter;
import io.tonno.workflows.activity.CalibrateRequest;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.DatasetInfo;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.ReduceRequest;
import io.tonno.workflows.activity.StageManifest;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.BinarizationSpec;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The largest payloads at the validator's bounds stay under 64 KB: 32 methods, 2000 chunks, and
 * datasets of 500 cases with 24-character ids (the documented size where case lists still fit).
 */
class PayloadSizeTest {
    private static final int LIMIT = 64 * 1024;
    private static final String ID = "e".repeat(64);

    private static int size(Object value) {
        return DefaultDataConverter.STANDARD_INSTANCE
                .toPayload(value)
                .orElseThrow()
                .getSerializedSize();
    }

    private static List<CaseRef> cases(int n) {
        List<CaseRef> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(new CaseRef(String.format("subject-%016d", i), i % 2, CaseRef.CALIBRATION, true));
        }
        return cases;
    }

    @Test
    void everyPayloadAtTheBoundsIsUnder64Kilobytes() {
        List<MethodSpec> methods = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            methods.add(MethodSpec.of("tomographic", "gradcampp", 4, null)
                    .withSampling(20000, 200)
                    .withSliceSize(512)
                    .withLabel("m" + "x".repeat(60) + i));
        }
        ExperimentSpec spec = new ExperimentSpec(
                ID,
                "datasets/" + "d".repeat(200) + "/dataset.json",
                null,
                false,
                null,
                null,
                methods,
                null,
                null,
                null,
                null);
        PreparedCase image = new PreparedCase(
                "c".repeat(24),
                ArtifactKeys.image(ID, "c"),
                ArtifactKeys.foreground(ID, "c"),
                ArtifactKeys.mask(ID, "c"));
        Map<String, Double> metrics = new HashMap<>();
        for (MethodSpec m : methods) {
            metrics.put("threshold." + m.key(), 0.5);
            metrics.put("dice." + m.key(), 0.5);
        }
        Map<String, Object> payloads = Map.of(
                "spec", spec,
                "dataset", new DatasetInfo("d.json", cases(500)),
                "trainSegment",
                        new TrainSegmentRequest(
                                ID,
                                "h".repeat(64),
                                ModelSpec.defaults(),
                                TrainingSpec.defaults(),
                                cases(500),
                                cases(100),
                                TrainingProgress.NONE,
                                100),
                "calibrate", new CalibrateRequest(ID, methods.get(0).key(), BinarizationSpec.defaults(), cases(500)),
                "chunk",
                        new ChunkRequest(
                                ID,
                                "c".repeat(24),
                                methods.get(0),
                                ModelSpec.defaults(),
                                "k".repeat(200),
                                image,
                                1999,
                                19990,
                                10,
                                20000,
                                ArtifactKeys.chunk(ID, methods.get(0).key(), "c", 1999)),
                "reduce", new ReduceRequest(ID, "c".repeat(24), methods.get(0), image, 2000, "k".repeat(200)),
                "calibrateManifest",
                        new StageManifest(
                                "calibrate",
                                "h".repeat(64),
                                "1.0",
                                methods.stream()
                                        .map(m -> ArtifactKeys.root(ID) + "heatmaps/" + m.key() + "/")
                                        .toList(),
                                List.of(),
                                metrics,
                                0,
                                1));
        payloads.forEach((name, value) -> {
            int bytes = size(value);
            assertTrue(bytes < LIMIT, name + " is " + bytes + " bytes");
        });
    }
}
