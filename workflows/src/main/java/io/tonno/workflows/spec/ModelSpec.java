package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The slice classifier.
 *
 * @param arch               {@code resnet10t} (default) or {@code resnet50}
 * @param norm               {@code frozen-bn} (default), {@code bn} or {@code gn}
 * @param weights            optional path of a timm safetensors file with pretrained weights
 * @param sliceSize          side of the square network input in pixels (default 224, 8..512)
 * @param inputNormalization how slice intensities are mapped to the network input: {@code imagenet}
 *                           (default) or {@code none}
 * @param device             {@code auto} (default: the worker's device), {@code cpu}, {@code gpu}
 *                           or {@code gpu:N}
 * @param unknownFields      JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        String arch,
        String norm,
        String weights,
        Integer sliceSize,
        String inputNormalization,
        String device,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public static final String DEFAULT_ARCH = "resnet10t";
    public static final String DEFAULT_NORM = "frozen-bn";
    public static final int DEFAULT_SLICE_SIZE = 224;

    public ModelSpec {
        arch = arch == null ? DEFAULT_ARCH : arch;
        norm = norm == null ? DEFAULT_NORM : norm;
        sliceSize = sliceSize == null ? DEFAULT_SLICE_SIZE : sliceSize;
        inputNormalization = inputNormalization == null ? "imagenet" : inputNormalization;
        device = device == null ? "auto" : device;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static ModelSpec defaults() {
        return new ModelSpec(null, null, null, null, null, null, null);
    }
}
