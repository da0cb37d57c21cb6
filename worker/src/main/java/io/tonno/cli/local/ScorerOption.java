package io.tonno.cli.local;

import io.tonno.classifier.cam.CamMapScorer;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.heatmap.DirectionScorer;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.InvalidInputException;
import io.tonno.tomography.IdentityMapScorer;
import io.tonno.tomography.PooledInputMapScorer;
import io.tonno.tomography.RadonSumScorer;
import io.tonno.tomography.SliceMapScorer;
import io.tonno.tomography.SliceScorer;
import java.io.IOException;
import java.util.Locale;

/**
 * The {@code --scorer} option of {@code tonno reconstruct}: what scores (one number per slice, for ToNNO) or
 * maps (one map per slice, for Averaged/Tomographic) the slices.
 *
 * <ul>
 *   <li>{@code radon-sum}: 4 × the slice mean (the approximate Radon transform), a scalar scorer;
 *   <li>{@code pooled:K}: the slice average-pooled to K×K, a map scorer;
 *   <li>{@code identity}: the slice itself, a map scorer;
 *   <li>{@code model}: a trained network's logit (ToNNO), a scalar scorer ({@link ModelOptions}): the project's
 *       ResNet, or a network exported to TorchScript or ONNX;
 *   <li>{@code cam:METHOD:LAYER}: a CAM method ({@code gradcam}, {@code layercam}, {@code gradcampp},
 *       {@code scorecam}) at layer 1..4 of a trained network, raw maps at the layer's resolution, a map scorer.
 * </ul>
 * Closing releases the network of the model scorers.
 */
public final class ScorerOption implements AutoCloseable {
    /** Slices per forward pass of the network scorers when {@code --batch-size} is 0. */
    static final int DEFAULT_NETWORK_BATCH = 32;

    private final String text;
    private final SliceScorer scalar;
    private final SliceMapScorer map;
    private final AutoCloseable network;

    private ScorerOption(String text, SliceScorer scalar, SliceMapScorer map) {
        this(text, scalar, map, null);
    }

    private ScorerOption(String text, SliceScorer scalar, SliceMapScorer map, AutoCloseable network) {
        this.text = text;
        this.scalar = scalar;
        this.map = map;
        this.network = network;
    }

    /**
     * Parses a scorer specification, loading the network for {@code model} and {@code cam:...}.
     *
     * @param model     the network options ({@code --weights} etc.)
     * @param batchSize slices per forward pass, {@code 0} = {@value #DEFAULT_NETWORK_BATCH}
     * @param sliceSize side of the slices the network will score (an exported network is probed with it)
     * @throws InvalidInputException naming {@code --scorer} (or the model option) when something is wrong
     */
    public static ScorerOption parse(String text, ModelOptions model, int batchSize, int sliceSize)
            throws InvalidInputException, IOException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int batch = batchSize > 0 ? batchSize : DEFAULT_NETWORK_BATCH;
        if (t.equals("model")) {
            SliceModel net = model.loadModel("--scorer model", sliceSize);
            return new ScorerOption(t, net.scorer(batch), null, net);
        }
        if (t.startsWith("cam:")) {
            String[] parts = t.split(":");
            if (parts.length != 3) {
                throw new InvalidInputException(
                        "command line", "--scorer", "expected cam:METHOD:LAYER, got '" + text + "'");
            }
            CamMethod method;
            Stage layer;
            try {
                method = CamMethod.parse(parts[1]);
                layer = CamMethod.parseLayer(parts[2]);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("command line", "--scorer", e.getMessage());
            }
            ResNet net = model.load("--scorer " + t);
            return new ScorerOption(t, null, CamMapScorer.of(net, method, layer, batch), net);
        }
        return parse(text);
    }

    /**
     * Parses a scorer specification.
     *
     * @throws InvalidInputException naming {@code --scorer} when the text is not a known scorer
     */
    public static ScorerOption parse(String text) throws InvalidInputException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("radon-sum")) {
            return new ScorerOption(t, new RadonSumScorer(), null);
        }
        if (t.equals("identity")) {
            return new ScorerOption(t, null, new IdentityMapScorer());
        }
        if (t.startsWith("pooled:")) {
            int k;
            try {
                k = Integer.parseInt(t.substring("pooled:".length()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(
                        "command line", "--scorer", "pooled:K needs an integer K, got '" + text + "'");
            }
            if (k < 1) {
                throw new InvalidInputException("command line", "--scorer", "pooled:K needs K >= 1, got " + k);
            }
            return new ScorerOption(t, null, new PooledInputMapScorer(k));
        }
        throw new InvalidInputException(
                "command line",
                "--scorer",
                "unknown scorer '" + text + "'; expected radon-sum, pooled:K, identity, model or cam:METHOD:LAYER");
    }

    /** The normalised specification text. */
    public String text() {
        return text;
    }

    /** True when this scorer gives one number per slice (usable by ToNNO). */
    public boolean isScalar() {
        return scalar != null;
    }

    /** True when this scorer gives a map per slice (usable by Averaged and Tomographic). */
    public boolean isMap() {
        return map != null;
    }

    /** The scalar scorer; {@link #isScalar()} must hold. */
    public SliceScorer scalar() {
        if (scalar == null) {
            throw new IllegalStateException(text + " is not a scalar scorer");
        }
        return scalar;
    }

    /** The map scorer; {@link #isMap()} must hold. */
    public SliceMapScorer map() {
        if (map == null) {
            throw new IllegalStateException(text + " is not a map scorer");
        }
        return map;
    }

    /** The scorer for {@code HeatmapMethods.reconstruct}: scalar or map, whichever this is. */
    public DirectionScorer scorer() {
        return scalar != null ? new DirectionScorer.Scalar(scalar) : new DirectionScorer.Maps(map);
    }

    @Override
    public void close() throws Exception {
        if (network != null) {
            network.close();
        }
    }
}
