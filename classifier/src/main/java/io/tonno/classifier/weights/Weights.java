package io.tonno.classifier.weights;

import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ParameterSpec;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
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
 * <p>Loading is strict: every tensor the network needs must be in the file with its shape, and every tensor in
 * the file must be used by the network; otherwise one {@link InvalidInputException} names the file and the
 * tensors (a few names and the count of each kind). A batch-norm file loaded into a group-norm network, or the
 * reverse, is refused this way rather than scoring with half its tensors. Two named exceptions:
 * <ul>
 *   <li>{@code *.num_batches_tracked} (PyTorch's batch-norm step counters, which no layer here reads) are
 *   skipped;</li>
 *   <li>{@link #loadPretrained} replaces a <em>pretrained classification head</em>: {@code fc.weight} of shape
 *   {@code [K, features]} with {@code fc.bias} of shape {@code [K]} and {@code K} other than the layout's class
 *   count (timm's ImageNet files have {@code K = 1000}) gives way to a freshly initialised head. {@link #load}
 *   (inference) makes no such exception.</li>
 * </ul>
 *
 * <p>The norm kind of a file ({@link #resolveNorm}) follows from its tensors: running statistics
 * ({@code running_mean}, {@code running_var}) mean {@code bn} or {@code frozen-bn}, which share one layout and
 * are told apart by the {@code tonno.norm} metadata our files carry; no running statistics mean {@code gn}. A file
 * whose {@code tonno.arch} metadata names another architecture than the layout's is refused: {@code resnet10t} and
 * {@code resnet10t-hr} share every tensor, and only that word tells them apart.
 */
public final class Weights {
    private static final Logger LOG = LoggerFactory.getLogger(Weights.class);
    /** Names listed per kind of problem in a loading error; the rest are counted. */
    private static final int LISTED = 5;

    private Weights() {}

    /**
     * Reads a trained network's weights for {@code layout}, strictly: the head too must have the layout's shape.
     *
     * @return values for every tensor of the layout, in state-dict order
     * @throws InvalidInputException naming the file and the tensors when they do not fit the layout exactly
     */
    public static Map<String, float[]> load(Path file, ResNetLayout layout) throws IOException, InvalidInputException {
        return load(file, layout, false, 0);
    }

    /**
     * Reads starting weights for training {@code layout}: as {@link #load}, except that a pretrained classification
     * head with another class count is replaced by a fresh head (PyTorch's Linear initialisation).
     *
     * @param headSeed seed of the fresh head
     */
    public static Map<String, float[]> loadPretrained(Path file, ResNetLayout layout, long headSeed)
            throws IOException, InvalidInputException {
        return load(file, layout, true, headSeed);
    }

    private static Map<String, float[]> load(Path file, ResNetLayout layout, boolean replaceHead, long headSeed)
            throws IOException, InvalidInputException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String arch = contents.metadata().get("tonno.arch");
        if (arch != null && !arch.equals(layout.architecture().id())) {
            // resnet10t and resnet10t-hr have the same tensors: only the file's word tells them apart.
            throw new InvalidInputException(
                    file.toString(),
                    "__metadata__.tonno.arch",
                    "the file holds a " + arch + " network, not "
                            + layout.architecture().id() + "; set the architecture (model.arch, --arch) to " + arch);
        }
        Map<String, Tensor> t = new LinkedHashMap<>(contents.tensors());
        t.keySet().removeIf(n -> n.endsWith("num_batches_tracked"));
        boolean freshHead = replaceHead && isPretrainedHead(t.get("fc.weight"), t.get("fc.bias"), layout);
        if (freshHead) {
            LOG.info(
                    "{}: pretrained head has {} classes; replacing it by a fresh {}-logit head",
                    file,
                    t.get("fc.weight").shape()[0],
                    layout.numClasses());
        }
        Xoshiro256 rng = new Xoshiro256(headSeed);
        Map<String, float[]> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (ParameterSpec p : layout.parameters()) {
            Tensor v = t.remove(p.name());
            boolean isHead = p.role() == ParameterSpec.Role.FC_WEIGHT || p.role() == ParameterSpec.Role.FC_BIAS;
            if (freshHead && isHead) {
                out.put(p.name(), ResNetInit.initial(p, layout, rng));
            } else if (v == null) {
                missing.add(p.name() + " " + Arrays.toString(p.shape()));
            } else if (!Arrays.equals(v.shape(), p.shape())) {
                misshaped.add(p.name() + " has shape " + Arrays.toString(v.shape()) + ", expected "
                        + Arrays.toString(p.shape()));
            } else {
                out.put(p.name(), v.values());
            }
        }
        List<String> unused = new ArrayList<>(t.keySet());
        if (!missing.isEmpty() || !misshaped.isEmpty() || !unused.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!unused.isEmpty()) {
                parts.add(unused.size() + " tensor(s) in the file that the network does not use: " + listed(unused));
            }
            if (!missing.isEmpty()) {
                parts.add(missing.size() + " tensor(s) the network needs are missing: " + listed(missing));
            }
            if (!misshaped.isEmpty()) {
                parts.add(misshaped.size() + " tensor(s) mis-shaped: " + listed(misshaped));
            }
            throw new InvalidInputException(
                    file.toString(), "tensors", "do not fit " + describe(layout) + ": " + String.join("; ", parts));
        }
        return out;
    }

    /** fc.weight [K, features] with fc.bias [K], K other than the layout's class count. */
    private static boolean isPretrainedHead(Tensor weight, Tensor bias, ResNetLayout layout) {
        return weight != null
                && bias != null
                && weight.shape().length == 2
                && bias.shape().length == 1
                && weight.shape()[1] == layout.architecture().features()
                && bias.shape()[0] == weight.shape()[0]
                && weight.shape()[0] != layout.numClasses();
    }

    private static String describe(ResNetLayout layout) {
        return layout.architecture().id() + " with norm " + layout.norm().id();
    }

    private static String listed(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }

    /**
     * The norm kind to build for a weights file: {@code chosen} when given and the file has its layout, else the
     * file's own.
     *
     * @param chosen the user's explicit choice, or null to take the file's
     * @param choice how the user makes that choice, for messages ({@code --norm}, {@code model.norm})
     * @throws InvalidInputException naming the file, when {@code chosen} contradicts the file's tensors (naming both),
     *                               or when nothing was chosen and the file's running statistics do not say whether
     *                               they are {@code bn} or {@code frozen-bn}
     */
    public static NormKind resolveNorm(Path file, NormKind chosen, String choice)
            throws IOException, InvalidInputException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), "weights", "no such file");
        }
        SafeTensors.Header header = SafeTensors.readHeader(file);
        List<String> stats = header.shapes().keySet().stream()
                .filter(n -> n.endsWith(".running_mean") || n.endsWith(".running_var"))
                .toList();
        String declared = header.metadata().get("tonno.norm");
        NormKind meta = null;
        if (declared != null) {
            try {
                meta = NormKind.parse(declared);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(file.toString(), "__metadata__.tonno.norm", e.getMessage());
            }
            if (meta.hasRunningStats() != !stats.isEmpty()) {
                throw new InvalidInputException(
                        file.toString(),
                        "__metadata__.tonno.norm",
                        "says " + meta.id()
                                + " but the file has "
                                + (stats.isEmpty()
                                        ? "no running statistics"
                                        : stats.size() + " running-statistics tensors (" + listed(stats) + ")"));
            }
        }
        String fileHas = stats.isEmpty()
                ? "no running statistics, the layout of a gn network"
                : stats.size() + " batch-norm running-statistics tensors (" + listed(stats)
                        + "), the layout of a bn or " + "frozen-bn network";
        if (chosen != null) {
            if (chosen.hasRunningStats() == stats.isEmpty()) {
                throw new InvalidInputException(
                        file.toString(),
                        choice,
                        choice + " is " + chosen.id()
                                + ", but the file has " + fileHas
                                + (meta == null ? "" : " (its tonno.norm: " + meta.id() + ")")
                                + "; leave " + choice + " out to use the file's, or give a matching file");
            }
            return chosen;
        }
        if (stats.isEmpty()) {
            return NormKind.GN;
        }
        if (meta != null) {
            return meta;
        }
        throw new InvalidInputException(
                file.toString(),
                choice,
                "the file has " + fileHas
                        + " but no tonno.norm metadata to tell which; set " + choice
                        + " to bn or frozen-bn (frozen-bn for ImageNet weights, as in the paper)");
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
