package io.tonno.activities.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.activities.work.Workspace;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.TemplateResidual;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.Failures;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.DatasetInfo;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.PreprocessRequest;
import io.tonno.workflows.activity.ResidualRequest;
import io.tonno.workflows.activity.TemplateRequest;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The residual steps of preprocessing ({@code "residual": true} in the spec) on real NIfTI files and a real
 * S3-compatible store: the template is the training split's body-only mean, every case's image is its residual
 * to it, a retry writes the same bytes, and a case on another grid is a non-retryable failure naming its key.
 */
class ResidualActivitiesTest {
    private static final String ID = "resid";

    @Test
    void theTemplateIsTheTrainingMeanAndEveryImageItsResidualWrittenTheSameOnRetry(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("dataset");
        SyntheticDataset.write(data, new SynthSettings(10, 24, 5, 0.5));
        try (S3ProxyFixture s3 = new S3ProxyFixture(Files.createDirectories(dir.resolve("s3")));
                MinioArtifactStore store = MinioArtifactStore.connect(s3.settings("resid"))) {
            Workspace work = new Workspace(store, dir.resolve("work"));
            DataActivitiesImpl activities = new DataActivitiesImpl(work, null, null);
            ExperimentSpec spec = work.json()
                    .readValue(
                            """
                    {"experimentId": "resid", "dataset": "%s", "preprocessing": "synthetic", "residual": true}""".formatted(
                                    data.resolve("dataset.json").toString().replace("\\", "\\\\")),
                            ExperimentSpec.class);
            DatasetInfo info = activities.validateDataset(spec);
            List<String> train = info.cases().stream()
                    .filter(c -> c.split().equals(CaseRef.TRAIN))
                    .map(CaseRef::caseId)
                    .toList();
            assertTrue(train.size() >= 2, "the synthetic set has a training split");
            for (CaseRef c : info.cases()) {
                activities.preprocessCase(new PreprocessRequest(ID, spec.dataset(), "synthetic", true, c));
                assertTrue(store.exists(ArtifactKeys.normalised(ID, c.caseId())));
                assertFalse(store.exists(ArtifactKeys.image(ID, c.caseId())), "the image key waits for its residual");
            }

            String templateKey = activities.buildTemplate(new TemplateRequest(ID, train));
            assertEquals(ArtifactKeys.template(ID), templateKey);
            // The template by hand: the mean over the training cases of body / median(body).
            Volume template = read(work, templateKey, dir);
            double[] sum = new double[template.voxelCount()];
            for (String c : train) {
                Volume body = body(work, c, dir);
                double g = TemplateResidual.gain(body, c);
                float[] d = body.data();
                for (int i = 0; i < d.length; i++) {
                    sum[i] += d[i] / g;
                }
            }
            for (int i = 0; i < sum.length; i++) {
                assertEquals(sum[i] / train.size(), template.data()[i], 1e-5, "template voxel " + i);
            }

            for (CaseRef c : info.cases()) {
                PreparedCase p = activities.residualCase(new ResidualRequest(ID, templateKey, c));
                assertEquals(ArtifactKeys.image(ID, c.caseId()), p.imageKey());
                Volume body = body(work, c.caseId(), dir);
                Volume residual = read(work, p.imageKey(), dir);
                double g = TemplateResidual.gain(body, c.caseId());
                float[] d = body.data();
                float[] r = residual.data();
                int inBody = 0;
                for (int i = 0; i < d.length; i++) {
                    if (d[i] == 0) {
                        assertEquals(0f, r[i], "outside the body stays zero, case " + c.caseId());
                    } else {
                        inBody++;
                        double expected = Math.min(1, Math.max(0.01, 0.5 + d[i] / g - template.data()[i]));
                        assertEquals(expected, r[i], 1e-5, "case " + c.caseId() + " voxel " + i);
                    }
                }
                assertTrue(inBody > 0);
            }

            // A retry (another worker, an empty cache) reads the normalised volume again and writes the same bytes.
            String first = train.get(0);
            byte[] before = store.get(ArtifactKeys.image(ID, first));
            DataActivitiesImpl other = new DataActivitiesImpl(new Workspace(store, dir.resolve("work2")), null, null);
            CaseRef ref = info.cases().stream()
                    .filter(c -> c.caseId().equals(first))
                    .findFirst()
                    .orElseThrow();
            other.residualCase(new ResidualRequest(ID, templateKey, ref));
            assertArrayEquals(before, store.get(ArtifactKeys.image(ID, first)));
            assertEquals(templateKey, other.buildTemplate(new TemplateRequest(ID, train)));

            // A case on another grid: non-retryable, naming its key and the field.
            float[] ones = new float[8 * 8 * 8];
            java.util.Arrays.fill(ones, 1f);
            Volume small = new Volume(
                    new int[] {8, 8, 8},
                    new double[] {1, 1, 1},
                    new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1},
                    ones);
            work.publishFloat32(ArtifactKeys.normalised(ID, "odd"), small);
            work.publishUint8(ArtifactKeys.foreground(ID, "odd"), small);
            List<String> withOdd = new java.util.ArrayList<>(train);
            withOdd.add("odd");
            ApplicationFailure e = assertThrows(
                    ApplicationFailure.class, () -> activities.buildTemplate(new TemplateRequest(ID, withOdd)));
            assertTrue(e.isNonRetryable());
            assertEquals(Failures.INVALID_INPUT, e.getType());
            assertTrue(e.getOriginalMessage().contains(ArtifactKeys.normalised(ID, "odd")), e.getOriginalMessage());
            assertTrue(e.getOriginalMessage().contains("dim"), e.getOriginalMessage());
        }
    }

    private static Volume body(Workspace work, String caseId, Path dir) throws Exception {
        return TemplateResidual.insideBody(
                read(work, ArtifactKeys.normalised(ID, caseId), dir),
                read(work, ArtifactKeys.foreground(ID, caseId), dir),
                caseId);
    }

    private static Volume read(Workspace work, String key, Path dir) throws Exception {
        return Nifti.read(work.fetch(key));
    }
}
