package io.tonno.activities.training;

import io.temporal.activity.Activity;
import io.tonno.activities.reconstruction.ExperimentNetworks;
import io.tonno.activities.support.CheckpointedTraining;
import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.inference.ModelFile;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.evaluation.report.LearningReport;
import io.tonno.evaluation.report.TrainingLog;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TrainingActivities} over the classifier's {@link TrainingRun}. A segment runs through
 * {@link CheckpointedTraining}: each checkpoint interval resumes the trainer from the previous
 * checkpoint (fetched from the store, so any worker can continue), writes
 * {@code model/step-NNNNNNNN.params} (the trainer's checkpoint file: weights, AdamW moments, sampler
 * state) and {@code model/metrics.jsonl}, heartbeats {@code {step, checkpointKey, loss}}, then
 * updates {@code model/latest.json}. Resuming is bit-exact (the classifier's determinism guarantee),
 * so a retried or relaunched run reaches the same weights as an uninterrupted one. The segment that
 * reaches the last step logs the learning verdict ({@link LearningReport}) of the metrics log.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingActivitiesImpl.class);
    /** The store key of the training metrics log. */
    public static String metricsKey(String experimentId) {
        return ArtifactKeys.root(experimentId) + "model/metrics.jsonl";
    }

    private final Workspace work;
    private final String device;

    /**
     * @param work   the worker's workspace
     * @param device the worker's device ({@code cpu}, {@code gpu:0}); used when the spec says {@code auto}
     */
    public TrainingActivitiesImpl(Workspace work, String device) {
        this.work = work;
        this.device = device;
    }

    /** The content of {@code model/latest.json}. */
    record Latest(int step, String checkpointKey, Double loss, String trainingHash) {}

    @Override
    public TrainingProgress latestCheckpoint(String experimentId, String trainingHash) {
        return InvalidInputFailures.call(() -> {
            TrainingProgress latest = readLatest(experimentId, trainingHash);
            if (latest.step() > 0) {
                LOG.info("experiment {}: training resumes from step {}", experimentId, latest.step());
            }
            return latest;
        });
    }

    /** {@code model/latest.json} when written under {@code trainingHash} and its checkpoint exists, else NONE. */
    private TrainingProgress readLatest(String experimentId, String trainingHash) throws IOException {
        byte[] bytes;
        try {
            bytes = work.store().get(ArtifactKeys.latestModel(experimentId));
        } catch (NoSuchFileException e) {
            return TrainingProgress.NONE;
        }
        Latest latest = work.json().readValue(bytes, Latest.class);
        if (!trainingHash.equals(latest.trainingHash())
                || latest.checkpointKey() == null
                || !work.store().exists(latest.checkpointKey())) {
            return TrainingProgress.NONE;
        }
        return new TrainingProgress(latest.step(), latest.checkpointKey(), latest.loss());
    }

    @Override
    public TrainingProgress trainSegment(TrainSegmentRequest request) {
        return CheckpointedTraining.run(Activity.getExecutionContext(), request, new Segment());
    }

    @Override
    public TrainingProgress publishModel(String experimentId, ModelSpec model) {
        return InvalidInputFailures.call(() -> {
            String source = "spec of experiment " + experimentId;
            Path local = Path.of(model.file());
            if (!Files.isRegularFile(local)) {
                if (!work.store().exists(model.file())) {
                    throw new InvalidInputException(
                            model.file(),
                            "model.file",
                            "is neither a file on this worker nor a key in the artifact store");
                }
                local = work.fetch(model.file());
            }
            ModelFile described = ExperimentNetworks.modelFile(local, model, source);
            // Checked on the CPU, which every worker has, before anything is published or fanned out.
            try (SliceModel checked = described.load(ai.djl.Device.cpu(), "model.norm")) {
                LOG.info("experiment {}: brought model {} checked", experimentId, checked.description());
            }
            String key = ArtifactKeys.broughtModel(
                    ExperimentNetworks.sha256(local), described.format().extension());
            if (!work.store().exists(key)) {
                work.publish(key, local);
            }
            LOG.info("experiment {}: using the brought model {} as {}", experimentId, model.file(), key);
            return new TrainingProgress(0, key, null);
        });
    }

    private final class Segment implements CheckpointedTraining.TrainingRun {
        @Override
        public TrainingProgress advance(TrainSegmentRequest r, TrainingProgress from, int toStep, Runnable beat)
                throws IOException, InvalidInputException {
            TrainingConfig cfg = TrainingSpecs.config(r.model(), r.training(), device);
            LOG.info(
                    "experiment {}: training from step {} to {} on {}",
                    r.experimentId(),
                    from.step(),
                    toStep,
                    cfg.model().device());
            cfg.validate("spec of experiment " + r.experimentId());
            Path dir = work.directory(
                    "train/" + r.experimentId() + "/" + r.trainingHash().substring(0, 16));
            Workspace.deleteTree(dir);
            Files.createDirectories(dir);
            boolean resume = from.checkpointKey() != null;
            if (resume) {
                Files.copy(
                        work.fetch(from.checkpointKey()),
                        dir.resolve(TrainingRun.CHECKPOINT),
                        StandardCopyOption.REPLACE_EXISTING);
                if (work.store().exists(metricsKey(r.experimentId()))) {
                    work.store().getFile(metricsKey(r.experimentId()), dir.resolve(TrainingRun.METRICS));
                }
            }
            List<LabeledVolume> volumes = volumes(r.experimentId(), r.trainCases(), false);
            List<LabeledVolume> validation =
                    volumes(r.experimentId(), r.validationCases() == null ? List.of() : r.validationCases(), true);
            double[] loss = {0, 0};
            new TrainingRun(cfg, volumes, validation, dir).run(resume, toStep, (step, total, l, lr, sps) -> {
                loss[0] += l;
                loss[1]++;
                beat.run();
            });
            String key = ArtifactKeys.checkpoint(r.experimentId(), toStep);
            work.publish(key, dir.resolve(TrainingRun.CHECKPOINT));
            if (Files.isRegularFile(dir.resolve(TrainingRun.METRICS))) {
                work.store().publishFile(metricsKey(r.experimentId()), dir.resolve(TrainingRun.METRICS));
            }
            Double mean = loss[1] > 0 ? loss[0] / loss[1] : from.loss();
            LOG.info("experiment {}: trained to step {} (loss {})", r.experimentId(), toStep, mean);
            if (toStep >= r.training().steps()) {
                logVerdict(r.experimentId(), dir.resolve(TrainingRun.METRICS));
            }
            return new TrainingProgress(toStep, key, mean);
        }

        /** The cases' preprocessed images, with their masks (where they have one) when {@code masks}. */
        private List<LabeledVolume> volumes(String experimentId, List<CaseRef> cases, boolean masks)
                throws IOException, InvalidInputException {
            List<LabeledVolume> out = new ArrayList<>();
            for (CaseRef c : cases) {
                out.add(new LabeledVolume(
                        c.caseId(),
                        work.volume(ArtifactKeys.image(experimentId, c.caseId())),
                        c.label(),
                        masks && c.hasMask() ? work.volume(ArtifactKeys.mask(experimentId, c.caseId())) : null));
            }
            return out;
        }

        /** The learning verdict of the finished run; the experiment report states it again. */
        private void logVerdict(String experimentId, Path metrics) {
            if (!Files.isRegularFile(metrics)) {
                return;
            }
            try {
                LearningReport.Assessment a = LearningReport.assess(TrainingLog.read(metrics), null);
                if (a.verdict() == LearningReport.Verdict.DID_NOT_LEARN) {
                    LOG.warn("experiment {}: {}", experimentId, a.sentence());
                } else {
                    LOG.info("experiment {}: {}", experimentId, a.sentence());
                }
            } catch (IOException | InvalidInputException e) {
                LOG.warn(
                        "experiment {}: no learning verdict, {} unreadable: {}", experimentId, metrics, e.getMessage());
            }
        }

        @Override
        public java.util.Optional<TrainingProgress> latest(TrainSegmentRequest r) throws IOException {
            TrainingProgress latest = readLatest(r.experimentId(), r.trainingHash());
            return latest.checkpointKey() == null ? java.util.Optional.empty() : java.util.Optional.of(latest);
        }

        @Override
        public void published(TrainSegmentRequest r, TrainingProgress p) throws IOException {
            work.publish(
                    ArtifactKeys.latestModel(r.experimentId()),
                    work.json().writeValueAsBytes(new Latest(p.step(), p.checkpointKey(), p.loss(), r.trainingHash())));
        }
    }
}
