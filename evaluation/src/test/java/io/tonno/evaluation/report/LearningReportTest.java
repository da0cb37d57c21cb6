package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.report.LearningReport.Assessment;
import io.tonno.evaluation.report.LearningReport.ValidationVolumes;
import io.tonno.evaluation.report.LearningReport.Verdict;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningReportTest {
    @TempDir
    Path tmp;

    private static final ValidationVolumes SIX_AND_SIX = new ValidationVolumes(6, 6);

    /** A run that stays at chance: loss flat at ln 2, AUCs around 0.5. */
    private static final String AT_CHANCE = """
            {"step":10,"loss":0.6941,"lr":0.001,"slicesPerSecond":40.0}
            {"step":20,"loss":0.6929,"lr":0.001,"slicesPerSecond":41.0}
            {"step":20,"valSliceAuc":0.507,"valVolumeAuc":0.528,"valBalancedAccuracy":0.5,"valVolumeAucMeanLogit":0.472}
            {"step":30,"loss":0.6935,"lr":0.0008,"slicesPerSecond":41.0}
            {"step":40,"loss":0.6932,"lr":0.0005,"slicesPerSecond":40.0}
            {"step":40,"valSliceAuc":0.512,"valVolumeAuc":0.5,"valBalancedAccuracy":0.5,"valVolumeAucMeanLogit":0.444}
            """;

    /** A run that learned, with a field the reader does not know yet and one that is not a score. */
    private static final String LEARNED = """
            {"step":10,"loss":0.69,"lr":0.002,"slicesPerSecond":40.0}
            {"step":20,"loss":0.55,"lr":0.002,"slicesPerSecond":41.0}
            {"step":20,"valSliceAuc":0.61,"valVolumeAuc":0.72,"valBalancedAccuracy":0.5,"valLesionSliceAuc":0.8}
            {"step":30,"loss":0.41,"lr":0.001,"slicesPerSecond":41.0,"note":"text is ignored"}
            {"step":40,"loss":0.32,"lr":0.0,"slicesPerSecond":40.0}
            {"step":40,"valSliceAuc":0.72,"valVolumeAuc":0.97,"valBalancedAccuracy":0.92,"valLesionSliceAuc":0.93,"valPerfectDetectorSliceAuc":0.74,"valVolumes":12}
            """;

    private Path log(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void aRunAtChanceDidNotLearnAndSaysWhereToLook() throws Exception {
        Assessment a = LearningReport.assess(TrainingLog.read(log("chance.jsonl", AT_CHANCE)), SIX_AND_SIX);
        assertEquals(Verdict.DID_NOT_LEARN, a.verdict());
        assertEquals(Boolean.FALSE, a.learned());
        assertEquals(40, a.step());
        assertEquals(0.5, a.volumeAuc());
        assertEquals(0.512, a.sliceAuc());
        assertEquals(
                "validation volume AUC 0.50, slice AUC 0.51 at step 40: the classifier did not learn; "
                        + "see docs/classifier.md#when-the-classifier-does-not-learn",
                a.sentence());
    }

    @Test
    void aRunThatLearnedSaysSoFromTheLastValidation() throws Exception {
        Assessment a = LearningReport.assess(TrainingLog.read(log("learned.jsonl", LEARNED)), SIX_AND_SIX);
        assertEquals(Verdict.LEARNED, a.verdict());
        assertEquals(Boolean.TRUE, a.learned());
        assertEquals(0.97, a.volumeAuc());
        assertEquals(0.32, a.finalLoss());
        // With masks the log also has the lesion-slice AUC and a perfect lesion detector's slice AUC: the sentence
        // gives both, so a slice AUC of 0.72 reads against the 0.74 that any classifier could reach on these slices.
        assertEquals(
                "validation volume AUC 0.97, slice AUC 0.72 (a perfect lesion detector: 0.74), lesion-slice AUC 0.93"
                        + " at step 40: the classifier learned (volume AUC ≥ 0.60)",
                a.sentence());
    }

    @Test
    void theLastValidationDecidesNotTheBest() throws Exception {
        String decayed = LEARNED.replace("\"valVolumeAuc\":0.97", "\"valVolumeAuc\":0.598");
        Assessment a = LearningReport.assess(TrainingLog.read(log("decayed.jsonl", decayed)), null);
        assertEquals(Verdict.DID_NOT_LEARN, a.verdict());
        assertTrue(a.sentence().startsWith("validation volume AUC 0.598,"), a.sentence());
    }

    @Test
    void noValidationLinesGiveNoVerdictButTheFinalLoss() throws Exception {
        String trainingOnly = AT_CHANCE.lines().filter(l -> !l.contains("val")).reduce("", (x, y) -> x + y + "\n");
        Assessment a = LearningReport.assess(TrainingLog.read(log("train.jsonl", trainingOnly)), null);
        assertEquals(Verdict.NO_VALIDATION, a.verdict());
        assertNull(a.learned());
        assertEquals(40, a.step());
        assertEquals(
                "no validation during training; final training loss 0.693 (a constant guess scores at most "
                        + "ln 2 = 0.693): whether the classifier learned was not measured",
                a.sentence());
    }

    @Test
    void tooFewValidationVolumesGiveNoVerdict() throws Exception {
        Assessment a =
                LearningReport.assess(TrainingLog.read(log("chance.jsonl", AT_CHANCE)), new ValidationVolumes(2, 6));
        assertEquals(Verdict.INCONCLUSIVE, a.verdict());
        assertTrue(a.sentence().contains("on 2 positive and 6 negative volumes: too few"), a.sentence());
        assertEquals(new ValidationVolumes(2, 3), ValidationVolumes.of(new int[] {1, 0, 1, 0, 0}));
    }

    @Test
    void anUndefinedVolumeAucGivesNoVerdict() throws Exception {
        Path p = log(
                "oneclass.jsonl",
                "{\"step\":10,\"loss\":0.5}\n"
                        + "{\"step\":10,\"valSliceAuc\":null,\"valVolumeAuc\":null,\"valBalancedAccuracy\":null}\n");
        Assessment a = LearningReport.assess(TrainingLog.read(p), null);
        assertEquals(Verdict.INCONCLUSIVE, a.verdict());
        assertTrue(
                a.sentence().startsWith("validation volume AUC undefined, slice AUC undefined at step 10: "),
                a.sentence());
    }

    @Test
    void writesTheCurvesWithEveryScoreFieldAndTheVerdict() throws Exception {
        Path png = tmp.resolve("out/training-curves.png");
        Assessment a = LearningReport.write(log("learned.jsonl", LEARNED), png, SIX_AND_SIX);
        assertEquals(Verdict.LEARNED, a.verdict());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3 * 520, img.getWidth());
        assertEquals(380 + 40, img.getHeight());
        // The verdict strip starts with a green bar.
        assertEquals(TrainingCurvesFigure.LEARNED.getRGB() & 0xFFFFFF, img.getRGB(3, 400) & 0xFFFFFF);
        assertEquals(
                List.of(
                        "valSliceAuc",
                        "valVolumeAuc",
                        "valBalancedAccuracy",
                        "valLesionSliceAuc",
                        "valPerfectDetectorSliceAuc"),
                TrainingLog.read(tmp.resolve("learned.jsonl")).validation().keySet().stream()
                        .filter(TrainingCurvesFigure::plotted)
                        .toList());
        assertFalse(TrainingCurvesFigure.plotted("valVolumes"));

        LearningReport.write(log("chance.jsonl", AT_CHANCE), png, SIX_AND_SIX);
        img = ImageIO.read(png.toFile());
        assertEquals(TrainingCurvesFigure.NOT_LEARNED.getRGB() & 0xFFFFFF, img.getRGB(3, 400) & 0xFFFFFF);
    }
}
