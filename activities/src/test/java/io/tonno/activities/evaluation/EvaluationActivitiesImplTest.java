package io.tonno.activities.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.tonno.activities.data.DataActivitiesImpl;
import io.tonno.activities.plugin.TonnoDataConverter;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.activities.work.Workspace;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.report.ResultsJson;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.Masks;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.CalibrateRequest;
import io.tonno.workflows.activity.Calibration;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.EvaluateRequest;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.StageManifest;
import io.tonno.workflows.spec.BinarizationSpec;
import io.tonno.workflows.spec.EvaluationSpec;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibrate and evaluate activities on a box-only dataset (no masks, as the paper's Duke set): the
 * threshold is calibrated on the filled boxes, the test split is scored with MaxIoU, and the result
 * carries the paper's method name, the layer, the heatmap's recorded compute time and the calibration curve.
 * Dice is undefined on such data: it stays NaN in the activity's result, in its payload and in a stage manifest.
 */
class EvaluationActivitiesImplTest {
    private static final String ID = "boxes";
    private static final int N = 16;

    @Test
    void boxOnlyCasesCalibrateOnTheirBoxesAndScoreMaxIoUWithNameLayerSecondsCalibrationAndUndefinedDice(
            @TempDir Path dir) throws Exception {
        try (S3ProxyFixture s3 = new S3ProxyFixture(Files.createDirectories(dir.resolve("s3")));
                MinioArtifactStore store = MinioArtifactStore.connect(s3.settings("eval"))) {
            Workspace work = new Workspace(store, dir.resolve("work"));
            ExperimentSpec spec = work.json().readValue("""
                    {"experimentId": "boxes", "dataset": "unused.json", "preprocessing": "synthetic",
                     "model": {"arch": "resnet10t", "norm": "bn", "sliceSize": 32},
                     "training": {"steps": 10},
                     "methods": [{"name": "layercam", "layer": 2}]}""", ExperimentSpec.class);
            String method = spec.methods().get(0).key();
            work.publish(ArtifactKeys.spec(ID), work.json().writeValueAsBytes(spec));
            // A positive case per split with a 4³ box of high heatmap values; the body is the whole cube.
            Box box = new Box(4, 5, 6, 7, 8, 9);
            List<CaseRef> calibration = List.of(new CaseRef("c1", 1, CaseRef.CALIBRATION, false));
            List<CaseRef> test = List.of(new CaseRef("t1", 1, CaseRef.TEST, false));
            for (String c : List.of("c1", "t1")) {
                float[] heat = new float[N * N * N];
                float[] body = new float[N * N * N];
                java.util.Arrays.fill(body, 1f);
                for (int k = 0; k < N; k++) {
                    for (int j = 0; j < N; j++) {
                        for (int i = 0; i < N; i++) {
                            boolean in = i >= box.i0()
                                    && i <= box.i1()
                                    && j >= box.j0()
                                    && j <= box.j1()
                                    && k >= box.k0()
                                    && k <= box.k1();
                            heat[i + N * (j + N * k)] = in ? 5f : 0.1f * ((i + j + k) % 3);
                        }
                    }
                }
                work.publishFloat32(
                        ArtifactKeys.heatmap(ID, method, c),
                        Volume.zeros(N, N, N).withData(heat));
                work.publishUint8(
                        ArtifactKeys.foreground(ID, c), Volume.zeros(N, N, N).withData(body));
                work.publish(ArtifactKeys.boxes(ID, c), DataActivitiesImpl.boxesJson(List.of(box)));
                store.put(
                        ArtifactKeys.heatmapTiming(ID, method, c),
                        work.json().writeValueAsBytes(Map.of("seconds", 1.5, "chunks", 2)));
            }
            EvaluationActivitiesImpl activities = new EvaluationActivitiesImpl(work);
            BinarizationSpec binarization = new BinarizationSpec("raw", null, true, null);
            Calibration cal = activities.calibrate(new CalibrateRequest(ID, method, binarization, calibration));
            assertEquals(1.0, cal.dice(), 1e-9, "the filled box is recovered exactly on the calibration case");
            assertTrue(cal.threshold() > 0.2 && cal.threshold() < 5, "threshold " + cal.threshold());

            MethodScore score = activities.evaluate(new EvaluateRequest(
                    ID,
                    cal,
                    binarization,
                    new EvaluationSpec(26, null),
                    test,
                    ArtifactKeys.methodEvaluation(ID, method)));
            MethodResult r = ResultsJson.read(new String(store.get(score.evaluationKey()), StandardCharsets.UTF_8))
                    .get(0);
            assertEquals("LayerCAM", r.method());
            assertEquals("layer2", r.layer());
            assertTrue(r.pooled().boxOnly());
            assertEquals(1.0, r.pooled().meanMaxIoU(), 1e-9);
            assertEquals(1.5, r.pooled().meanSeconds(), 1e-9);
            assertNotNull(r.calibration());
            assertEquals(cal.threshold(), r.calibration().settings().threshold(), 0);
            assertTrue(r.calibration().candidates().length > 1);

            // The published binary mask is the prediction that was scored: exactly the box.
            Volume mask = work.volume(ArtifactKeys.binaryMask(ID, method, "t1"));
            assertArrayEquals(Masks.fill(List.of(box), mask).data(), mask.data());

            // No mask, so no Dice: undefined (NaN), not 0, while the defined metrics are real numbers.
            assertEquals(1.0, score.f1(), 1e-12);
            assertEquals(1.0, score.balancedAccuracy(), 1e-12);
            assertTrue(Double.isNaN(r.pooled().meanDice()));
            assertTrue(Double.isNaN(score.dice()), score.toString());
            // The heatmap's peak inside the body is the box's value; one test case, one class: no volume AUC.
            assertEquals(5.0, r.cases().get(0).peak(), 0);
            assertTrue(Double.isNaN(score.volumeAuc()), score.toString());
            // Through Temporal's payload and a stage manifest it stays undefined: the JSON string "NaN".
            DataConverter converter = TonnoDataConverter.create();
            Optional<Payloads> payload = converter.toPayloads(score);
            String json = payload.orElseThrow().getPayloads(0).getData().toStringUtf8();
            assertTrue(json.contains("\"dice\":\"NaN\""), json);
            MethodScore back = converter.fromPayloads(0, payload, MethodScore.class, MethodScore.class);
            assertTrue(Double.isNaN(back.dice()), back.toString());
            assertEquals(score, back);
            StageManifest manifest = new StageManifest(
                    "evaluate/" + method, "h", "v", null, null, Map.of("dice", score.dice(), "f1", score.f1()), 0, 1);
            StageManifest read = work.json().readValue(work.json().writeValueAsBytes(manifest), StageManifest.class);
            assertTrue(Double.isNaN(read.metric("dice", 0)));
        }
    }
}
