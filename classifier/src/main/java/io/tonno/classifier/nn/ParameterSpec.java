package io.tonno.classifier.nn;

import java.util.Arrays;

/**
 * One named tensor of a network, with timm's name and PyTorch's shape (conv weights
 * {@code (out, in, kh, kw)}, linear weight {@code (out, in)}, norm vectors {@code (channels)}).
 *
 * @param name  timm's state-dict name, e.g. {@code layer2.0.downsample.1.weight}
 * @param shape tensor shape
 * @param role  what the tensor is, which decides its initialisation and whether it is trained
 */
public record ParameterSpec(String name, long[] shape, Role role) {
    /** The kinds of tensor in a ResNet. */
    public enum Role {
        CONV_WEIGHT,
        NORM_WEIGHT,
        NORM_BIAS,
        RUNNING_MEAN,
        RUNNING_VAR,
        FC_WEIGHT,
        FC_BIAS;

        /** Buffers (running statistics) are never trained by gradient descent. */
        public boolean isBuffer() {
            return this == RUNNING_MEAN || this == RUNNING_VAR;
        }
    }

    /** Number of elements. */
    public int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.role == role;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
