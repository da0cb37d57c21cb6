package io.tonno.classifier.nn;

import java.util.Locale;

/**
 * How a fresh network's weights are drawn ({@link ResNetInit}).
 *
 * <ul>
 *   <li>{@link #TIMM}: timm's ResNet init: convs Kaiming-normal, fan-out, ReLU gain ({@code std = sqrt(2 / (out·kh·kw))});
 *       the last norm of each residual branch at weight 0 ({@code zero_init_last}), so that each block starts as
 *       the identity.
 *   <li>{@link #PYTORCH}: PyTorch's layer defaults, as a model written with plain {@code torch.nn} layers gets them:
 *       convs uniform in {@code ±1/sqrt(in·kh·kw)} ({@code kaiming_uniform_(a=√5)}), every norm weight 1.
 * </ul>
 *
 * Both: norm bias 0, running mean 0 and variance 1, {@code fc} weight and bias uniform in {@code ±1/sqrt(in)}.
 */
public enum InitScheme {
    TIMM("timm"),
    PYTORCH("pytorch");

    private final String id;

    InitScheme(String id) {
        this.id = id;
    }

    /** The spec value: {@code timm} or {@code pytorch}. */
    public String id() {
        return id;
    }

    /** Parses a spec value; null means {@link #TIMM}. */
    public static InitScheme parse(String s) {
        if (s == null) {
            return TIMM;
        }
        for (InitScheme k : values()) {
            if (k.id.equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown init scheme '" + s + "'; use timm or pytorch");
    }
}
