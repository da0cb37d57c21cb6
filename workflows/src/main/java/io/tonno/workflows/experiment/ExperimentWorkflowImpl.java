package io.tonno.workflows.experiment;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.tonno.workflows.ActivityOptionsCatalog;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.BoundedFanOut;
import io.tonno.workflows.Failures;
import io.tonno.workflows.OrchestrationSettings;
import io.tonno.workflows.SearchAttributes;
import io.tonno.workflows.StageHash;
import io.tonno.workflows.activity.CalibrateRequest;
import io.tonno.workflows.activity.Calibration;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.DataActivities;
import io.tonno.workflows.activity.DatasetInfo;
import io.tonno.workflows.activity.EvaluateRequest;
import io.tonno.workflows.activity.EvaluationActivities;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.PreprocessRequest;
import io.tonno.workflows.activity.Report;
import io.tonno.workflows.activity.ReportRequest;
import io.tonno.workflows.activity.ResidualRequest;
import io.tonno.workflows.activity.StageActivities;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;
import io.tonno.workflows.activity.TemplateRequest;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.reconstruction.ChunkPlan;
import io.tonno.workflows.reconstruction.ReconstructionRequest;
import io.tonno.workflows.reconstruction.ReconstructionWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.SpecValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * See {@link ExperimentWorkflow}. Each cached stage is looked up first ({@code StageActivities}) and
 * skipped when its manifest matches; each finished stage publishes its manifest last.
 */
public class ExperimentWorkflowImpl implements ExperimentWorkflow {
    private final OrchestrationSettings settings;

    private DataActivities data;
    private TrainingActivities training;
    private EvaluationActivities evaluation;
    private StageActivities stages;

    private ExperimentStage stage = ExperimentStage.VALIDATE;
    private int step;
    private int steps;
    private Double loss;
    private int chunksDone;
    private int chunksTotal;
    private int casesDone;
    private int casesTotal;
    private boolean paused;
    private boolean stopRequested;
    private final List<String> skipped = new ArrayList<>();

    /** With the default queue names and no search attributes. */
    public ExperimentWorkflowImpl() {
        this(OrchestrationSettings.DEFAULT);
    }

    public ExperimentWorkflowImpl(OrchestrationSettings settings) {
        this.settings = settings;
    }

    @Override
    public ExperimentResult run(ExperimentSpec spec) {
        enter(ExperimentStage.VALIDATE, 1);
        List<String> problems = SpecValidator.problems(spec);
        if (!problems.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "invalid experiment spec: " + String.join("; ", problems), Failures.INVALID_INPUT, problems);
        }
        createStubs();
        if (settings.searchAttributes()) {
            Workflow.upsertTypedSearchAttributes(SearchAttributes.EXPERIMENT_ID.valueSet(spec.experimentId()));
        }
        steps = spec.training().steps();
        DatasetInfo dataset = failFast(() -> data.validateDataset(spec));
        List<CaseRef> train = requireSplit(dataset, CaseRef.TRAIN);
        List<CaseRef> calibration = requireSplit(dataset, CaseRef.CALIBRATION);
        List<CaseRef> test = requireSplit(dataset, CaseRef.TEST);
        casesDone = 1;

        Map<String, PreparedCase> prepared = preprocess(spec, dataset, train);
        String trainingHash = StageHash.of(
                ExperimentStage.TRAIN.id(),
                spec.dataset(),
                spec.preprocessingKey(),
                spec.model(),
                spec.training(),
                ids(train));
        TrainingProgress model =
                train(spec, train, spec.training().validationInterval() > 0 ? calibration : List.of(), trainingHash);
        String modelHash = StageHash.of(trainingHash, model.step(), model.checkpointKey());

        String calibrateHash = StageHash.of(
                ExperimentStage.CALIBRATE.id(), modelHash, spec.methods(), spec.binarization(), ids(calibration));
        Map<String, Calibration> thresholds = calibrate(spec, calibration, prepared, model, modelHash, calibrateHash);

        enter(ExperimentStage.RECONSTRUCT, test.size() * spec.methods().size());
        reconstruct(spec, test, prepared, model, modelHash);

        List<MethodScore> scores = evaluate(spec, test, thresholds, calibrateHash);

        enter(ExperimentStage.REPORT, 1);
        Report report = evaluation.report(new ReportRequest(spec.experimentId(), model, scores));
        casesDone = 1;
        enter(ExperimentStage.DONE, 0);
        return new ExperimentResult(
                spec.experimentId(),
                model.step(),
                model.loss(),
                model.checkpointKey(),
                stopRequested
                        && !spec.model().brought()
                        && model.step() < spec.training().steps(),
                scores,
                report,
                List.copyOf(skipped));
    }

    private void createStubs() {
        var queues = settings.queues();
        data = Workflow.newActivityStub(DataActivities.class, ActivityOptionsCatalog.data(queues));
        training = Workflow.newActivityStub(
                TrainingActivities.class,
                ActivityOptionsCatalog.training(queues),
                ActivityOptionsCatalog.trainingMethods(queues));
        evaluation = Workflow.newActivityStub(EvaluationActivities.class, ActivityOptionsCatalog.evaluation(queues));
        stages = Workflow.newActivityStub(StageActivities.class, ActivityOptionsCatalog.stages(queues));
    }

    private Map<String, PreparedCase> preprocess(ExperimentSpec spec, DatasetInfo dataset, List<CaseRef> train) {
        List<CaseRef> cases = dataset.cases();
        // With residuals: every case, then the template, then every case's residual.
        enter(ExperimentStage.PREPROCESS, spec.residual() ? 2 * cases.size() + 1 : cases.size());
        String hash = StageHash.of(ExperimentStage.PREPROCESS.id(), spec.dataset(), spec.preprocessingKey(), cases);
        Map<String, PreparedCase> prepared = new LinkedHashMap<>();
        StageLookup lookup = lookup(spec, ExperimentStage.PREPROCESS.id(), hash);
        if (lookup.hit()) {
            for (CaseRef c : cases) {
                prepared.put(c.caseId(), PreparedCase.of(spec.experimentId(), c));
            }
            casesDone = casesTotal;
            return prepared;
        }
        long started = Workflow.currentTimeMillis();
        List<PreparedCase> results = BoundedFanOut.run(
                cases.size(),
                spec.fanout().chunksInFlight(),
                this::awaitNotPaused,
                i -> Async.function(
                        data::preprocessCase,
                        new PreprocessRequest(
                                spec.experimentId(),
                                spec.dataset(),
                                spec.preprocessing(),
                                spec.residual(),
                                cases.get(i))),
                r -> casesDone++);
        if (spec.residual()) {
            // The template is the training cases' mean: a reduce over one split, then a second fan-out.
            String template = failFast(() -> data.buildTemplate(new TemplateRequest(spec.experimentId(), ids(train))));
            casesDone++;
            results = BoundedFanOut.run(
                    cases.size(),
                    spec.fanout().chunksInFlight(),
                    this::awaitNotPaused,
                    i -> Async.function(
                            data::residualCase, new ResidualRequest(spec.experimentId(), template, cases.get(i))),
                    r -> casesDone++);
        }
        for (PreparedCase p : results) {
            prepared.put(p.caseId(), p);
        }
        // Folders, not per-case keys: a manifest travels as an activity argument and must stay small.
        publish(
                spec,
                ExperimentStage.PREPROCESS.id(),
                hash,
                List.of(spec.dataset()),
                List.of(dataFolder(spec)),
                Map.of("cases", (double) cases.size()),
                started);
        return prepared;
    }

    private TrainingProgress train(
            ExperimentSpec spec, List<CaseRef> trainCases, List<CaseRef> validationCases, String hash) {
        enter(ExperimentStage.TRAIN, 1);
        if (spec.model().brought()) {
            // A trained model comes with the spec: check and publish it instead of training.
            steps = 0;
            TrainingProgress brought = failFast(() -> training.publishModel(spec.experimentId(), spec.model()));
            step = brought.step();
            loss = null;
            casesDone = 1;
            updateDetails();
            return brought;
        }
        StageLookup lookup = lookup(spec, ExperimentStage.TRAIN.id(), hash);
        if (lookup.hit()) {
            StageManifest m = lookup.manifest();
            TrainingProgress done = new TrainingProgress(
                    (int) m.metric("step", 0), m.outputs().get(0), m.metrics().get("loss"));
            step = done.step();
            loss = done.loss();
            casesDone = 1;
            return done;
        }
        long started = Workflow.currentTimeMillis();
        // A relaunch resumes from model/latest.json when it was written under the same settings.
        TrainingProgress current = training.latestCheckpoint(spec.experimentId(), hash);
        step = current.step();
        loss = current.loss();
        int total = spec.training().steps();
        while (current.step() < total && !stopRequested) {
            awaitNotPaused();
            if (stopRequested) {
                break;
            }
            int to = Math.min(total, current.step() + spec.training().segmentSteps());
            TrainingProgress from = current;
            current = failFast(() -> training.trainSegment(new TrainSegmentRequest(
                    spec.experimentId(), hash, spec.model(), spec.training(), trainCases, validationCases, from, to)));
            step = current.step();
            loss = current.loss();
            updateDetails();
        }
        if (current.checkpointKey() == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "training.steps: training stopped before the first checkpoint; nothing to evaluate",
                    Failures.INVALID_INPUT);
        }
        // A stopped-early model is not the model the spec asks for: no manifest, so a relaunch
        // continues training from latest.json.
        if (current.step() >= total) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("step", (double) current.step());
            if (current.loss() != null) {
                metrics.put("loss", current.loss());
            }
            publish(
                    spec,
                    ExperimentStage.TRAIN.id(),
                    hash,
                    List.of(dataFolder(spec)),
                    List.of(current.checkpointKey()),
                    metrics,
                    started);
        }
        casesDone = 1;
        return current;
    }

    private Map<String, Calibration> calibrate(
            ExperimentSpec spec,
            List<CaseRef> cases,
            Map<String, PreparedCase> prepared,
            TrainingProgress model,
            String modelHash,
            String hash) {
        enter(ExperimentStage.CALIBRATE, cases.size() * spec.methods().size());
        Map<String, Calibration> thresholds = new LinkedHashMap<>();
        StageLookup lookup = lookup(spec, ExperimentStage.CALIBRATE.id(), hash);
        if (lookup.hit()) {
            for (MethodSpec m : spec.methods()) {
                StageManifest manifest = lookup.manifest();
                thresholds.put(
                        m.key(),
                        new Calibration(
                                m.key(),
                                manifest.metric("threshold." + m.key(), 0),
                                manifest.metric("dice." + m.key(), 0)));
            }
            casesDone = casesTotal;
            return thresholds;
        }
        long started = Workflow.currentTimeMillis();
        reconstruct(spec, cases, prepared, model, modelHash);
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        for (MethodSpec m : spec.methods()) {
            awaitNotPaused();
            Calibration c = failFast(() -> evaluation.calibrate(
                    new CalibrateRequest(spec.experimentId(), m.key(), spec.binarization(), cases)));
            thresholds.put(m.key(), c);
            metrics.put("threshold." + m.key(), c.threshold());
            metrics.put("dice." + m.key(), c.dice());
            inputs.add(heatmapFolder(spec, m.key()));
        }
        publish(spec, ExperimentStage.CALIBRATE.id(), hash, inputs, List.of(), metrics, started);
        return thresholds;
    }

    /**
     * One child workflow per (case, method), at most {@code fanout.casesInFlight} at once. Each
     * child checks its own manifest, so a relaunch redoes only the missing heatmaps. The heatmaps
     * land at {@code ArtifactKeys.heatmap}.
     */
    private void reconstruct(
            ExperimentSpec spec,
            List<CaseRef> cases,
            Map<String, PreparedCase> prepared,
            TrainingProgress model,
            String modelHash) {
        record Job(CaseRef kase, MethodSpec method) {}
        List<Job> jobs = new ArrayList<>();
        for (MethodSpec m : spec.methods()) {
            for (CaseRef c : cases) {
                jobs.add(new Job(c, m));
            }
        }
        chunksDone = 0;
        chunksTotal = 0;
        for (Job j : jobs) {
            chunksTotal += ChunkPlan.of(j.method(), spec.fanout().directionsPerChunk())
                    .chunks()
                    .size();
        }
        updateDetails();
        BoundedFanOut.run(
                jobs.size(),
                spec.fanout().casesInFlight(),
                this::awaitNotPaused,
                i -> startReconstruction(spec, jobs.get(i).kase(), jobs.get(i).method(), prepared, model, modelHash),
                h -> {
                    casesDone++;
                    updateDetails();
                });
    }

    private Promise<Heatmap> startReconstruction(
            ExperimentSpec spec,
            CaseRef kase,
            MethodSpec method,
            Map<String, PreparedCase> prepared,
            TrainingProgress model,
            String modelHash) {
        ReconstructionWorkflow child = Workflow.newChildWorkflowStub(
                ReconstructionWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        // Named after the experiment (not this run's workflow id) so that the id is the
                        // same on every run and replay, and two runs of one experiment never race.
                        .setWorkflowId(spec.experimentId() + "/reconstruct/" + method.key() + "/" + kase.caseId())
                        .setTaskQueue(settings.queues().workflow())
                        // Abandoned children keep their GPU chunks; terminating them frees the queue.
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                        .build());
        ReconstructionRequest request = new ReconstructionRequest(
                spec.experimentId(),
                kase.caseId(),
                method,
                spec.model(),
                model.checkpointKey(),
                prepared.get(kase.caseId()),
                StageHash.of(ExperimentStage.RECONSTRUCT.id(), modelHash, method, kase.caseId()),
                spec.fanout().directionsPerChunk(),
                spec.fanout().chunksInFlight());
        int planned = ChunkPlan.of(method, spec.fanout().directionsPerChunk())
                .chunks()
                .size();
        return Async.function(child::run, request).thenApply(h -> {
            chunksDone += planned;
            return h;
        });
    }

    private List<MethodScore> evaluate(
            ExperimentSpec spec, List<CaseRef> cases, Map<String, Calibration> thresholds, String calibrateHash) {
        enter(ExperimentStage.EVALUATE, spec.methods().size());
        List<MethodScore> scores = new ArrayList<>();
        for (MethodSpec m : spec.methods()) {
            awaitNotPaused();
            String key = m.key();
            String hash = StageHash.of(
                    ExperimentStage.EVALUATE.id(),
                    calibrateHash,
                    thresholds.get(key),
                    spec.evaluation(),
                    m,
                    ids(cases));
            String stageName = ExperimentStage.EVALUATE.id() + "/" + key;
            StageLookup lookup = lookup(spec, stageName, hash);
            MethodScore score;
            if (lookup.hit()) {
                StageManifest s = lookup.manifest();
                score = new MethodScore(
                        key,
                        s.metric("threshold", 0),
                        s.metric("precision", 0),
                        s.metric("recall", 0),
                        s.metric("f1", 0),
                        s.metric("dice", 0),
                        s.metric("balancedAccuracy", 0),
                        s.metric("volumeAuc", Double.NaN),
                        (int) s.metric("cases", 0),
                        ArtifactKeys.methodEvaluation(spec.experimentId(), key));
            } else {
                long started = Workflow.currentTimeMillis();
                score = failFast(() -> evaluation.evaluate(new EvaluateRequest(
                        spec.experimentId(),
                        thresholds.get(key),
                        spec.binarization(),
                        spec.evaluation(),
                        cases,
                        ArtifactKeys.methodEvaluation(spec.experimentId(), key))));
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("threshold", score.threshold());
                metrics.put("precision", score.precision());
                metrics.put("recall", score.recall());
                metrics.put("f1", score.f1());
                metrics.put("dice", score.dice());
                metrics.put("balancedAccuracy", score.balancedAccuracy());
                metrics.put("volumeAuc", score.volumeAuc());
                metrics.put("cases", (double) score.cases());
                publish(
                        spec,
                        stageName,
                        hash,
                        List.of(heatmapFolder(spec, key)),
                        List.of(score.evaluationKey()),
                        metrics,
                        started);
            }
            scores.add(score);
            casesDone++;
            updateDetails();
        }
        return scores;
    }

    // ---- stage bookkeeping ----

    private StageLookup lookup(ExperimentSpec spec, String name, String hash) {
        StageLookup lookup = stages.lookupStage(spec.experimentId(), name, hash);
        if (lookup.hit()) {
            skipped.add(name);
            updateDetails();
        }
        return lookup;
    }

    private void publish(
            ExperimentSpec spec,
            String name,
            String hash,
            List<String> inputs,
            List<String> outputs,
            Map<String, Double> metrics,
            long started) {
        stages.publishStage(
                spec.experimentId(),
                new StageManifest(name, hash, null, inputs, outputs, metrics, started, Workflow.currentTimeMillis()));
    }

    private void enter(ExperimentStage name, int units) {
        stage = name;
        casesDone = 0;
        casesTotal = units;
        if (!name.reconstructs()) {
            chunksDone = 0;
            chunksTotal = 0;
        }
        if (settings.searchAttributes() && name != ExperimentStage.VALIDATE) {
            Workflow.upsertTypedSearchAttributes(SearchAttributes.STAGE.valueSet(name.id()));
        }
        updateDetails();
    }

    private void updateDetails() {
        Workflow.setCurrentDetails(progress().markdown());
    }

    private void awaitNotPaused() {
        if (paused) {
            updateDetails();
            Workflow.await(() -> !paused);
            updateDetails();
        }
    }

    private static String dataFolder(ExperimentSpec spec) {
        return ArtifactKeys.root(spec.experimentId()) + "data/";
    }

    private static String heatmapFolder(ExperimentSpec spec, String methodKey) {
        return ArtifactKeys.root(spec.experimentId()) + "heatmaps/" + methodKey + "/";
    }

    private static List<String> ids(List<CaseRef> cases) {
        return cases.stream().map(CaseRef::caseId).toList();
    }

    private static List<CaseRef> requireSplit(DatasetInfo dataset, String split) {
        List<CaseRef> cases = dataset.split(split);
        if (cases.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure(
                    dataset.manifestKey() + ": cases: no case in split '" + split
                            + "' (train, calibration and test splits are all required)",
                    Failures.INVALID_INPUT);
        }
        return cases;
    }

    /**
     * Runs an activity call and, when it failed with {@code InvalidInput}, rethrows that failure
     * itself so the workflow fails with the activity's message (naming the file and field) on top.
     */
    private static <T> T failFast(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof ApplicationFailure app && Failures.INVALID_INPUT.equals(app.getType())) {
                throw ApplicationFailure.newNonRetryableFailureWithCause(
                        app.getOriginalMessage(), Failures.INVALID_INPUT, e);
            }
            throw e;
        }
    }

    // ---- signals and query ----

    @Override
    public void pause() {
        paused = true;
        updateDetails();
    }

    @Override
    public void resume() {
        paused = false;
        updateDetails();
    }

    @Override
    public void stopEarly() {
        stopRequested = true;
        updateDetails();
    }

    @Override
    public Progress progress() {
        return new Progress(
                stage.id(),
                step,
                steps,
                loss,
                chunksDone,
                chunksTotal,
                casesDone,
                casesTotal,
                paused,
                stopRequested,
                List.copyOf(skipped));
    }
}
