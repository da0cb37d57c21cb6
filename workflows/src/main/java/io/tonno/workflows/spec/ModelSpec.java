package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Map;

/**
 * The slice classifier: trained by the experiment ({@code file} omitted), or brought trained ({@code file} given,
 * training skipped).
 *
 * @param arch               {@code resnet10t} (default), {@code resnet10t-hr} or {@code resnet50}: the project's ResNet to train, or the
 *                           one a brought safetensors file holds
 * @param norm               {@code bn}, {@code frozen-bn} or {@code gn}; default {@code bn} when training from
 *                           scratch (it learns from scratch where group norm did not, docs/classifier.md), and the
 *                           file's own for {@code weights} or a brought safetensors file (the paper's setting with
 *                           ImageNet weights is {@code frozen-bn}, given explicitly since such files do not say)
 * @param weights            optional path of a timm safetensors file with pretrained weights to start training from
 * @param sliceSize          side of the square network input in pixels (default 64, 8..512; the paper's is 224)
 * @param inputNormalization how slice intensities are mapped to the network input: {@code none} (default) or
 *                           {@code imagenet} (the paper's, with ImageNet weights)
 * @param device             {@code auto} (default: the worker's device), {@code cpu}, {@code gpu}
 *                           or {@code gpu:N}
 * @param file               a trained model to use instead of training one: a path on the worker or an artifact-store
 *                           key; published to the store once (content-addressed) and loaded from there by every
 *                           worker
 * @param format             the brought file's format: {@code safetensors} (the project's ResNet), {@code torchscript}
 *                           or {@code onnx}; default from the file name ({@code .safetensors}, {@code .pt},
 *                           {@code .onnx})
 * @param channels           input channels of a brought TorchScript/ONNX network: 3 (default; the grey slice
 *                           repeated) or 1
 * @param positiveIndex      index of the positive class when a brought network returns class logits {@code (N, K)};
 *                           omitted for one logit per slice
 * @param scoringEngine      what scores slices for ToNNO with the project's ResNet: {@code auto} (default:
 *                           {@code onnxruntime} on a CPU worker, {@code pytorch} on a GPU), {@code onnxruntime} (the
 *                           network compiled for inference, CPU only, 1.5–2× faster) or {@code pytorch}; CAM methods
 *                           and training always run on PyTorch, and a brought TorchScript/ONNX file on its own engine
 * @param init               how a network trained without {@code weights} is initialised: {@code timm} (default:
 *                           Kaiming-normal fan-out convs, the last norm of each residual branch at 0) or
 *                           {@code pytorch} (PyTorch's layer defaults); docs/classifier.md measures both
 * @param slicing            where ToNNO's slices are cut when PyTorch scores them: {@code auto} (default: on the
 *                           network's device on a GPU worker, on the host on a CPU one), {@code host} (the Java
 *                           slicer; the slices then cross to the device) or {@code device} (engine operations on the
 *                           network's device; needs the pytorch scoring engine). Same slices on the CPU bit for bit
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
        String file,
        String format,
        Integer channels,
        Integer positiveIndex,
        String scoringEngine,
        String init,
        String slicing,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public static final String DEFAULT_ARCH = "resnet10t";
    /** The norm of a network trained from scratch; the defaults table is {@code docs/orchestration.md}'s. */
    public static final String DEFAULT_NORM = "bn";

    public static final int DEFAULT_SLICE_SIZE = 64;
    public static final String DEFAULT_INPUT_NORMALIZATION = "none";
    public static final String DEFAULT_INIT = "timm";

    public ModelSpec {
        arch = arch == null ? DEFAULT_ARCH : arch;
        // A brought safetensors file, or starting weights, say their own norm (tensors and metadata).
        norm = norm == null && file == null && weights == null ? DEFAULT_NORM : norm;
        sliceSize = sliceSize == null ? DEFAULT_SLICE_SIZE : sliceSize;
        inputNormalization = inputNormalization == null ? DEFAULT_INPUT_NORMALIZATION : inputNormalization;
        device = device == null ? "auto" : device;
        channels = channels == null ? 3 : channels;
        scoringEngine = scoringEngine == null ? "auto" : scoringEngine;
        init = init == null ? DEFAULT_INIT : init;
        slicing = slicing == null ? "auto" : slicing;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static ModelSpec defaults() {
        return of(null, null, null, null);
    }

    /**
     * A model to train from scratch with the given architecture, norm, slice size and device (each {@code null} for
     * its default); every other field takes its default.
     */
    public static ModelSpec of(String arch, String norm, Integer sliceSize, String device) {
        return new ModelSpec(arch, norm, null, sliceSize, null, device, null, null, null, null, null, null, null, null);
    }

    /** True when the spec brings a trained model ({@code file}) and the experiment does not train. */
    @JsonIgnore
    public boolean brought() {
        return file != null;
    }

    /**
     * The brought file's format: {@code format} when given, else the one its name suggests; null when neither
     * tells (a validation error).
     */
    @JsonIgnore
    public String resolvedFormat() {
        if (format != null) {
            return format.trim().toLowerCase(Locale.ROOT);
        }
        if (file == null) {
            return null;
        }
        String n = file.toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors")) {
            return "safetensors";
        }
        if (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ts") || n.endsWith(".torchscript")) {
            return "torchscript";
        }
        return n.endsWith(".onnx") ? "onnx" : null;
    }

    /** True when the model exposes the ResNet layers the CAM methods read: trained here, or brought as safetensors. */
    @JsonIgnore
    public boolean exposesLayers() {
        return !brought() || "safetensors".equals(resolvedFormat());
    }
}
