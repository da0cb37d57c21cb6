package io.tonno.classifier.nn;

import io.tonno.classifier.sampling.Xoshiro256;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The initialisation of a fresh ResNet, drawn from a seeded {@link Xoshiro256} so that the same seed
 * gives the same weights on every engine and thread count. {@link InitScheme#TIMM} (the default): convs
 * Kaiming-normal with {@code std = sqrt(2 / (out·kh·kw))} (fan-out, ReLU); norm weight 1 and bias 0, except the
 * last norm of each residual branch whose weight is 0 (timm's {@code zero_init_last}). {@link InitScheme#PYTORCH}:
 * convs uniform in {@code ±1/sqrt(in·kh·kw)}, every norm weight 1. Both: running mean 0 and variance 1;
 * {@code fc} weight and bias uniform in {@code ±1/sqrt(in)} (PyTorch's Linear default).
 */
public final class ResNetInit {
    private ResNetInit() {}

    /** {@link InitScheme#TIMM} values for every tensor of the layout, in state-dict order. */
    public static Map<String, float[]> random(ResNetLayout layout, long seed) {
        return random(layout, seed, InitScheme.TIMM);
    }

    /** Values for every tensor of the layout, in state-dict order. */
    public static Map<String, float[]> random(ResNetLayout layout, long seed, InitScheme scheme) {
        Xoshiro256 rng = new Xoshiro256(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ParameterSpec p : layout.parameters()) {
            out.put(p.name(), initial(p, layout, rng, scheme));
        }
        return out;
    }

    /** A fresh {@link InitScheme#TIMM} value for one tensor (also used to replace an ImageNet head by a 1-logit head). */
    public static float[] initial(ParameterSpec p, ResNetLayout layout, Xoshiro256 rng) {
        return initial(p, layout, rng, InitScheme.TIMM);
    }

    /** A fresh value for one tensor. */
    public static float[] initial(ParameterSpec p, ResNetLayout layout, Xoshiro256 rng, InitScheme scheme) {
        float[] v = new float[p.size()];
        switch (p.role()) {
            case CONV_WEIGHT -> {
                long[] s = p.shape();
                if (scheme == InitScheme.PYTORCH) {
                    double bound = 1.0 / Math.sqrt(s[1] * s[2] * s[3]);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) rng.uniform(-bound, bound);
                    }
                } else {
                    double std = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (std * rng.nextGaussian());
                    }
                }
            }
            case NORM_WEIGHT, RUNNING_VAR -> {
                boolean zeroLast = scheme == InitScheme.TIMM
                        && p.role() == ParameterSpec.Role.NORM_WEIGHT
                        && isLastNormOfBranch(p.name(), layout);
                java.util.Arrays.fill(v, zeroLast ? 0f : 1f);
            }
            case NORM_BIAS, RUNNING_MEAN -> {
                // zeros
            }
            case FC_WEIGHT, FC_BIAS -> {
                double bound = 1.0 / Math.sqrt(layout.architecture().features());
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rng.uniform(-bound, bound);
                }
            }
            default -> throw new IllegalStateException("unknown role " + p.role());
        }
        return v;
    }

    private static boolean isLastNormOfBranch(String name, ResNetLayout layout) {
        String last = layout.architecture() == Architecture.RESNET50 ? ".bn3.weight" : ".bn2.weight";
        return name.startsWith("layer") && name.endsWith(last);
    }
}
