package io.tonno.classifier.weights;

import io.tonno.classifier.nn.ParameterSpec;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network weights as safetensors files with timm's parameter names, e.g. the {@code resnet10t.c3_in1k}
 * {@code model.safetensors} a user downloads from the Hugging Face hub, or the files our training writes.
 *
 * <p>Loading rules: {@code num_batches_tracked} tensors are skipped; a classifier head whose output
 * count differs from the layout's (timm's 1000 ImageNet classes) is replaced by a freshly initialised
 * 1-logit head; tensors the layout does not use (e.g. running statistics when loading into group norm)
 * are ignored with a warning; every missing or mis-shaped tensor is reported in one
 * {@link InvalidInputException}.
 */
public final class Weights {
    private static final Logger LOG = LoggerFactory.getLogger(Weights.class);

    private Weights() {
    }

    /**
     * Reads a weights file for {@code layout}.
     *
     * @param headSeed seed of the fresh head drawn when the file's head has another class count
     * @return values for every tensor of the layout, in state-dict order
     */
    public static Map<String, float[]> load(Path file, ResNetLayout layout, long headSeed)
            throws IOException, InvalidInputException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, Tensor> t = new LinkedHashMap<>(contents.tensors());
        t.keySet().removeIf(n -> n.endsWith("num_batches_tracked"));
        Tensor fcw = t.get("fc.weight");
        boolean freshHead = fcw != null && fcw.shape().length == 2 && fcw.shape()[0] != layout.numClasses()
                && fcw.shape()[1] == layout.architecture().features();
        if (freshHead) {
            LOG.info("{}: head has {} classes; replacing it by a fresh {}-logit head", file, fcw.shape()[0], layout.numClasses());
        }
        Xoshiro256 rng = new Xoshiro256(headSeed);
        Map<String, float[]> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ParameterSpec p : layout.parameters()) {
            Tensor v = t.remove(p.name());
            boolean isHead = p.role() == ParameterSpec.Role.FC_WEIGHT || p.role() == ParameterSpec.Role.FC_BIAS;
            if (freshHead && isHead) {
                out.put(p.name(), ResNetInit.initial(p, layout, rng));
            } else if (v == null) {
                problems.add(p.name() + " missing (expected shape " + Arrays.toString(p.shape()) + ")");
            } else if (!Arrays.equals(v.shape(), p.shape())) {
                problems.add(p.name() + " has shape " + Arrays.toString(v.shape()) + ", expected " + Arrays.toString(p.shape()));
            } else {
                out.put(p.name(), v.values());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(file.toString(), "tensors",
                    problems.size() + " tensor(s) missing or mis-shaped for " + layout.architecture().id() + "/"
                            + layout.norm().id() + ": " + String.join("; ", problems));
        }
        if (!t.isEmpty()) {
            LOG.warn("{}: ignoring {} tensor(s) not used by {}/{}: {}", file, t.size(), layout.architecture().id(),
                    layout.norm().id(), t.keySet().stream().limit(10).toList());
        }
        return out;
    }

    /** Writes all tensors of a network (parameters and running statistics) in timm's names, atomically. */
    public static void save(Path file, ResNet net, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ParameterSpec p : net.layout().parameters()) {
            tensors.put(p.name(), Tensor.f32(p.shape(), net.get(p.name())));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putIfAbsent("format", "pt");
        meta.put("tonno.arch", net.layout().architecture().id());
        meta.put("tonno.norm", net.layout().norm().id());
        meta.put("tonno.inputNormalization", net.inputNormalization().id());
        SafeTensors.write(file, tensors, meta);
    }
}
