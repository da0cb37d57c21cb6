package io.tonno.classifier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import io.tonno.imaging.SpecName;
import java.util.Locale;

/**
 * The training loss on a batch of {@code B} volumes × {@code M} slices, all mean over the batch:
 * <ul>
 *   <li>{@link Kind#SLICE} (the paper, {@code method.md} §9): binary cross-entropy of each of the {@code B·M}
 *       slice logits against its volume's label, {@code mean_k BCE(z_k, y_k)};</li>
 *   <li>{@link Kind#LSE}: multiple-instance pooling by log-sum-exp (Pinheiro and Collobert, CVPR 2015) of the
 *       {@code M} logits of a volume, {@code Z = (1/r)·log((1/M)·Σ_m exp(r·z_m))}, then {@code BCE(Z, y)}; between
 *       the mean logit ({@code r → 0}) and the maximum ({@code r → ∞});</li>
 *   <li>{@link Kind#NOISY_OR}: the volume is positive unless every slice is negative,
 *       {@code P = 1 − Π_m (1 − σ(z_m))}, and {@code −y·log P − (1−y)·log(1−P)}; computed from
 *       {@code S = Σ_m softplus(z_m) = −log(1−P)} as {@code −y·log(1 − e^{−S}) + (1−y)·S}.</li>
 * </ul>
 * With {@code M = 1} both pooled losses equal the per-slice loss. Pooling matters when a lesion is small:
 * most planes through a positive volume miss it, so the per-slice loss tells the network that lesion-free
 * slices are positive; the pooled losses only ask that some slice of the volume be.
 */
public final class WeakLabelLoss {
    /** The loss kinds, by their spec names {@code slice}, {@code lse}, {@code noisy-or}. */
    public enum Kind implements SpecName {
        SLICE,
        LSE,
        NOISY_OR;

        public static Kind parse(String s) {
            return SpecName.parse(Kind.class, s, "loss");
        }
    }

    private final Kind kind;
    private final float sharpness;

    /**
     * @param kind      the loss
     * @param sharpness {@code r} of {@link Kind#LSE}; ignored otherwise
     */
    public WeakLabelLoss(Kind kind, double sharpness) {
        if (!(sharpness > 0)) {
            throw new IllegalArgumentException("sharpness must be > 0, got " + sharpness);
        }
        this.kind = kind;
        this.sharpness = (float) sharpness;
    }

    /** The loss of a spec's {@code training} section. */
    public static WeakLabelLoss of(TrainingConfig.Training t) {
        return new WeakLabelLoss(Kind.parse(t.loss()), t.lseSharpness());
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @param logits         {@code (B·M, 1)} slice logits, volume-major (slices {@code b·M .. b·M+M−1} are volume {@code b}'s)
     * @param labels         {@code (B·M, 1)} the slices' labels (each its volume's)
     * @param slicesPerVolume {@code M}
     * @return the scalar loss
     */
    public NDArray apply(NDArray logits, NDArray labels, int slicesPerVolume) {
        long count = logits.getShape().get(0);
        if (count % slicesPerVolume != 0) {
            throw new IllegalArgumentException(
                    count + " logits are not a whole number of volumes of " + slicesPerVolume);
        }
        if (kind == Kind.SLICE) {
            return bceWithLogits(logits, labels);
        }
        long volumes = count / slicesPerVolume;
        NDArray z = logits.reshape(volumes, slicesPerVolume);
        NDArray y = labels.reshape(volumes, slicesPerVolume).get(":, 0:1");
        if (kind == Kind.LSE) {
            NDArray rz = z.mul(sharpness);
            NDArray peak = rz.max(new int[] {1}, true);
            NDArray pooled =
                    rz.sub(peak).exp().mean(new int[] {1}, true).log().add(peak).div(sharpness);
            return bceWithLogits(pooled, y);
        }
        NDArray s = softplus(z).sum(new int[] {1}, true).maximum(1e-30f);
        // 1 - exp(-S), by its series where S is small (float32 cancellation), exactly elsewhere.
        NDArray series = s.sub(s.mul(s).div(2f)).add(s.mul(s).mul(s).div(6f));
        NDArray exact = s.neg().exp().neg().add(1f);
        NDArray positive = NDArrays.where(s.lt(1e-2f), series, exact);
        return positive.log().neg().mul(y).add(s.mul(y.neg().add(1f))).mean();
    }

    /** {@code log(1 + e^z)} in the stable form {@code max(z, 0) + log(1 + e^{−|z|})}. */
    static NDArray softplus(NDArray z) {
        return z.maximum(0f).add(z.abs().neg().exp().add(1f).log());
    }

    /**
     * Mean binary cross-entropy on logits {@code z} against labels {@code y}, in the stable form
     * {@code max(z, 0) − z·y + log(1 + exp(−|z|))}.
     */
    static NDArray bceWithLogits(NDArray z, NDArray y) {
        return z.maximum(0f)
                .sub(z.mul(y))
                .add(z.abs().neg().exp().add(1f).log())
                .mean();
    }

    @Override
    public String toString() {
        return kind == Kind.LSE ? String.format(Locale.ROOT, "lse(r=%s)", sharpness) : kind.id();
    }
}
