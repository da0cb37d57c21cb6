package io.tonno.activities.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.tonno.activities.data.DataActivitiesImpl;
import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.activities.training.TrainingActivitiesImpl;
import io.tonno.activities.work.Workspace;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.PooledMetrics;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.report.CaseFigureInput;
import io.tonno.evaluation.report.ReportInputs;
import io.tonno.evaluation.report.ReportWriter;
import io.tonno.evaluation.report.ResultsJson;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Masks;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.CalibrateRequest;
import io.tonno.workflows.activity.Calibration;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.EvaluateRequest;
import io.tonno.workflows.activity.EvaluationActivities;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.Report;
import io.tonno.workflows.activity.ReportRequest;
import io.tonno.workflows.spec.BinarizationSpec;
import io.tonno.workflows.spec.EvaluationSpec;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.MethodSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@link EvaluationActivities} as a thin adapter over the evaluation module's single path,
 * {@link CalibratedEvaluation}: each activity reads its inputs from the store, calls the path and writes its
 * outputs. Threshold calibration on the calibration heatmaps (the curve at {@code ArtifactKeys.calibration}),
 * binarization ({@code masks/{method}/{case}.nii.gz}, the predictions that were scored) and scoring of the test
 * heatmaps (per-method {@link MethodResult} JSON at {@code results/methods/{method}.json}), and the report
 * ({@code results/results.{json,csv,md}}, {@code report/index.html} with its figures, index last).
 *
 * <p>An undefined metric (e.g. mean Dice on box-only data) stays NaN in {@link Calibration} and
 * {@link MethodScore}; their JSON payloads carry it as the string {@code "NaN"}.
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
    /** Test cases shown in the report's heatmap figure. */
    private static final int FIGURE_CASES = 2;

    private final Workspace work;

    public EvaluationActivitiesImpl(Workspace work) {
        this.work = work;
    }

    @Override
    public Calibration calibrate(CalibrateRequest r) {
        return InvalidInputFailures.call(() -> {
            String id = r.experimentId();
            List<CaseRef> cases = r.cases();
            // Connectivity plays no part in choosing the threshold.
            CalibrationResult result = evaluation(r.binarization(), EvaluationSpec.defaults())
                    .calibrate(
                            "dataset of experiment " + id,
                            cases.size(),
                            i -> evaluationCase(id, r.methodKey(), cases.get(i), Double.NaN));
            // The whole curve is kept for the report; the workflow carries only the threshold.
            work.publish(
                    ArtifactKeys.calibration(id, r.methodKey()),
                    ResultsJson.mapper().writeValueAsBytes(result));
            return new Calibration(r.methodKey(), result.settings().threshold(), result.meanDice());
        });
    }

    @Override
    public MethodScore evaluate(EvaluateRequest r) {
        return InvalidInputFailures.call(() -> {
            String id = r.experimentId();
            String method = r.calibration().methodKey();
            MethodSpec spec = methodSpec(id, method);
            Evaluator.Accumulator acc = evaluation(r.binarization(), r.evaluation())
                    .start(
                            spec.displayName(),
                            spec.layerName(),
                            r.calibration().threshold(),
                            storedCalibration(id, method));
            for (CaseRef c : r.cases()) {
                EvaluationCase e = evaluationCase(id, method, c, heatmapSeconds(id, method, c));
                boolean[] prediction = acc.add(e).prediction();
                work.publishUint8(
                        ArtifactKeys.binaryMask(id, method, c.caseId()), Masks.toVolume(prediction, e.heatmap()));
            }
            MethodResult result = acc.finish();
            work.publish(r.outputKey(), ResultsJson.toJson(List.of(result)).getBytes(StandardCharsets.UTF_8));
            PooledMetrics p = result.pooled();
            // Undefined metrics stay NaN (the payload carries the string "NaN", as results.json does).
            return new MethodScore(
                    method,
                    r.calibration().threshold(),
                    p.precision(),
                    p.recall(),
                    p.f1(),
                    p.meanDice(),
                    p.balancedAccuracy(),
                    p.volumeAuc(),
                    p.cases(),
                    r.outputKey());
        });
    }

    @Override
    public Report report(ReportRequest r) {
        return InvalidInputFailures.call(() -> {
            String id = r.experimentId();
            JsonNode spec = work.json().readTree(work.store().get(ArtifactKeys.spec(id)));
            List<MethodResult> results = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (MethodScore s : r.scores()) {
                for (MethodResult m :
                        ResultsJson.read(new String(work.store().get(s.evaluationKey()), StandardCharsets.UTF_8))) {
                    results.add(m);
                    keys.add(s.methodKey());
                }
            }
            try (Workspace.Scratch scratch = work.scratch()) {
                Path log = null;
                if (work.store().exists(TrainingActivitiesImpl.metricsKey(id))) {
                    log = scratch.dir().resolve("metrics.jsonl");
                    work.store().getFile(TrainingActivitiesImpl.metricsKey(id), log);
                }
                Path dir = scratch.dir().resolve("report");
                ReportWriter.write(
                        dir,
                        results,
                        new ReportInputs(
                                "tonno experiment " + id, figureCases(r, results, keys), log, settings(spec, r)));
                for (String ext : new String[] {"json", "csv", "md"}) {
                    work.store().publishFile(ArtifactKeys.results(id, ext), dir.resolve("results." + ext));
                }
                List<Path> files;
                try (Stream<Path> s = Files.walk(dir)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                Path index = dir.resolve("index.html");
                for (Path f : files) {
                    if (!f.equals(index)) {
                        work.store()
                                .publishFile(
                                        ArtifactKeys.root(id) + "report/"
                                                + dir.relativize(f).toString().replace('\\', '/'),
                                        f);
                    }
                }
                work.store().publishFile(ArtifactKeys.report(id), index);
            }
            return new Report(
                    ArtifactKeys.results(id, "json"), ArtifactKeys.results(id, "md"), ArtifactKeys.report(id));
        });
    }

    /** The first test cases with a lesion, with every method's heatmap at its threshold. */
    private List<CaseFigureInput> figureCases(ReportRequest r, List<MethodResult> results, List<String> keys)
            throws IOException, InvalidInputException {
        if (results.isEmpty()) {
            return List.of();
        }
        String id = r.experimentId();
        List<CaseFigureInput> out = new ArrayList<>();
        for (var c : results.get(0).cases()) {
            if (out.size() == FIGURE_CASES) {
                break;
            }
            if (c.label() != 1) {
                continue;
            }
            CaseRef ref = new CaseRef(c.id(), 1, CaseRef.TEST, true);
            List<CaseFigureInput.MethodMap> maps = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                MethodResult m = results.get(i);
                String label = m.layer() == null ? m.method() : m.method() + " " + m.layer();
                maps.add(new CaseFigureInput.MethodMap(
                        label,
                        heatmap(id, keys.get(i), ref),
                        foreground(id, ref),
                        m.settings().binarization()));
            }
            out.add(new CaseFigureInput(c.id(), work.volume(ArtifactKeys.image(id, c.id())), truth(id, ref), maps));
        }
        return out;
    }

    private static Map<String, String> settings(JsonNode spec, ReportRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(
                    e.getKey(),
                    e.getValue().isTextual()
                            ? e.getValue().asText()
                            : e.getValue().toString());
        }
        if (r.training() != null) {
            out.put("trained steps", Integer.toString(r.training().step()));
            out.put("final training loss", String.valueOf(r.training().loss()));
        }
        return out;
    }

    private Volume heatmap(String id, String method, CaseRef c) throws IOException, InvalidInputException {
        return work.volume(ArtifactKeys.heatmap(id, method, c.caseId()));
    }

    /** The spec's method whose key is {@code key}. */
    private MethodSpec methodSpec(String id, String key) throws IOException, InvalidInputException {
        ExperimentSpec spec = work.json().readValue(work.store().get(ArtifactKeys.spec(id)), ExperimentSpec.class);
        for (MethodSpec m : spec.methods()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new InvalidInputException(ArtifactKeys.spec(id), "methods", "no method with key " + key);
    }

    /** The calibration published by {@link #calibrate}, or {@code null} for a threshold given otherwise. */
    private CalibrationResult storedCalibration(String id, String key) throws IOException {
        String k = ArtifactKeys.calibration(id, key);
        return work.store().exists(k)
                ? ResultsJson.mapper().readValue(work.store().get(k), CalibrationResult.class)
                : null;
    }

    /** The case's boxes on the preprocessed grid, or {@code null} when its manifest entry had none. */
    private List<Box> boxes(String id, CaseRef c) throws IOException {
        String k = ArtifactKeys.boxes(id, c.caseId());
        return work.store().exists(k)
                ? DataActivitiesImpl.readBoxes(work.store().get(k))
                : null;
    }

    /** Compute seconds of the case's heatmap (all chunks and the reduce); NaN when unrecorded. */
    private double heatmapSeconds(String id, String key, CaseRef c) throws IOException {
        String k = ArtifactKeys.heatmapTiming(id, key, c.caseId());
        return work.store().exists(k)
                ? work.json().readTree(work.store().get(k)).path("seconds").asDouble(Double.NaN)
                : Double.NaN;
    }

    /**
     * The case's heatmap of {@code method} with its mask when it has one, else its boxes when its manifest entry
     * had some (a box-only case, which calibration scores against the filled boxes), its body mask and label.
     */
    private EvaluationCase evaluationCase(String id, String method, CaseRef c, double seconds)
            throws IOException, InvalidInputException {
        Volume truth = c.hasMask() ? truth(id, c) : null;
        return new EvaluationCase(
                c.caseId(),
                heatmap(id, method, c),
                truth,
                truth == null ? boxes(id, c) : null,
                foreground(id, c),
                c.label(),
                seconds);
    }

    private Volume truth(String id, CaseRef c) throws IOException, InvalidInputException {
        return work.volume(ArtifactKeys.mask(id, c.caseId()));
    }

    private Volume foreground(String id, CaseRef c) throws IOException, InvalidInputException {
        return work.volume(ArtifactKeys.foreground(id, c.caseId()));
    }

    /** The evaluation module's single path with the spec's settings (Dice 1 when mask and prediction are both empty). */
    static CalibratedEvaluation evaluation(BinarizationSpec b, EvaluationSpec e) {
        Normalization normalization = switch (b.normalization()) {
            case "raw" -> Normalization.RAW;
            case "percentile" -> Normalization.percentile(b.percentile());
            default -> Normalization.PER_VOLUME_MAX;
        };
        ForegroundRestriction restriction = Boolean.TRUE.equals(b.foregroundRestriction())
                ? ForegroundRestriction.INSIDE_FOREGROUND
                : ForegroundRestriction.NONE;
        Connectivity connectivity = e.connectivity() == 6 ? Connectivity.SIX : Connectivity.TWENTY_SIX;
        return new CalibratedEvaluation(
                new CalibratedEvaluation.Options(normalization, restriction, connectivity, Dice.BothEmpty.ONE));
    }
}
