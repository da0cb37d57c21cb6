package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The single argument of {@code ExperimentWorkflow.run}: one JSON object, so an experiment can be
 * started from the Temporal UI's Start Workflow form. Omitted optional fields take the defaults
 * documented on each record; fields added in later versions are optional, so stored histories keep
 * decoding. See docs/orchestration.md for every field with its bounds.
 *
 * @param experimentId  names the experiment's folder {@code experiments/{experimentId}/} in the
 *                      artifact store; {@code [A-Za-z0-9._-]{1,64}}, required
 * @param dataset       artifact-store key or path of the dataset manifest ({@code dataset.json}), required
 * @param preprocessing name of the preprocessing preset (default {@code default})
 * @param residual      when true, every preprocessed case becomes its residual to the population template (the
 *                      voxel-wise mean of the gain-normalised training cases; docs/anatomy.md, "Residuals to the
 *                      population"), for cases on one grid such as registered brains; default false
 * @param model         the slice classifier
 * @param training      training settings
 * @param methods       the heatmap methods to compare, at least one (default: ToNNO alone)
 * @param binarization  heatmap binarization
 * @param evaluation    evaluation settings
 * @param fanout        parallelism of the fan-out stages
 * @param unknownFields JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(
        String experimentId,
        String dataset,
        String preprocessing,
        Boolean residual,
        ModelSpec model,
        TrainingSpec training,
        List<MethodSpec> methods,
        BinarizationSpec binarization,
        EvaluationSpec evaluation,
        FanoutSpec fanout,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public ExperimentSpec {
        preprocessing = preprocessing == null ? "default" : preprocessing;
        residual = residual != null && residual;
        model = model == null ? ModelSpec.defaults() : model;
        training = training == null ? TrainingSpec.defaults() : training;
        int sliceSize = resolvedSliceSize(model);
        // Stream.toList keeps null entries, which the validator then reports by index.
        methods = (methods == null ? List.of(MethodSpec.of("tonno")) : methods)
                .stream()
                        .map(m -> m == null ? null : m.withDefaultSliceSize(sliceSize))
                        .toList();
        binarization = binarization == null ? BinarizationSpec.defaults() : binarization;
        evaluation = evaluation == null ? EvaluationSpec.defaults() : evaluation;
        fanout = fanout == null ? FanoutSpec.defaults() : fanout;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /**
     * The preprocessing as stage hashes see it: the preset's name, and {@code +residual} when {@link #residual} is
     * on, so the two never share cached stages.
     */
    public String preprocessingKey() {
        return residual ? preprocessing + "+residual" : preprocessing;
    }

    private static int resolvedSliceSize(ModelSpec model) {
        return model.sliceSize() == null ? ModelSpec.DEFAULT_SLICE_SIZE : model.sliceSize();
    }

    /** A spec with only the required fields; everything else takes its default. */
    public static ExperimentSpec minimal(String experimentId, String dataset) {
        return new ExperimentSpec(experimentId, dataset, null, false, null, null, null, null, null, null, null);
    }
}
