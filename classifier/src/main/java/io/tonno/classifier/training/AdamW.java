package io.tonno.classifier.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, 2019) exactly as PyTorch's {@code torch.optim.AdamW} with
 * {@code amsgrad=False}, on float32 arrays held in Java so that its whole state (the moments {@code m},
 * {@code v} and the step count) is plain data a checkpoint stores and restores bit for bit. DJL's own
 * optimisers keep their state in engine memory with no export.
 *
 * <p>Per step {@code t} (from 1) and tensor: {@code p ← p·(1 - lr·wd)} (decoupled decay, only for
 * tensors registered with decay), {@code m ← m + (1-β1)·(g - m)} (PyTorch's lerp form), {@code v ← β2·v + (1-β2)·g²},
 * {@code p ← p - lr·(m/(1-β1^t)) / (sqrt(v/(1-β2^t)) + ε)}; β1 = 0.9, β2 = 0.999, ε = 1e-8.
 */
public final class AdamW {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final Map<String, float[]> m = new LinkedHashMap<>();
    private final Map<String, float[]> v = new LinkedHashMap<>();
    private final Map<String, Boolean> decay = new LinkedHashMap<>();
    private final double weightDecay;
    private long t;

    public AdamW(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    /** Registers a tensor of {@code size} values; {@code decay} says whether weight decay applies to it. */
    public void register(String name, int size, boolean decay) {
        m.put(name, new float[size]);
        v.put(name, new float[size]);
        this.decay.put(name, decay);
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    /** Starts a step: call once before the {@link #update} calls of that step. */
    public void beginStep() {
        t++;
    }

    /** Updates {@code param} in place from its gradient, at learning rate {@code lr}. */
    public void update(String name, float[] param, float[] grad, double lr) {
        float[] mm = m.get(name);
        float[] vv = v.get(name);
        if (mm == null || mm.length != param.length || grad.length != param.length) {
            throw new IllegalArgumentException("tensor " + name + " is not registered with " + param.length + " values");
        }
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        float shrink = (float) (1 - lr * (decay.get(name) ? weightDecay : 0));
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        for (int i = 0; i < param.length; i++) {
            float g = grad[i];
            mm[i] += (1 - b1) * (g - mm[i]);
            vv[i] = b2 * vv[i] + (1 - b2) * g * g;
            float denom = (float) Math.sqrt(vv[i]) / sqrtBc2 + (float) EPS;
            param[i] = param[i] * shrink - stepSize * mm[i] / denom;
        }
    }

    /** The first moment of a tensor (live array: a checkpoint copies it). */
    public float[] firstMoment(String name) {
        return m.get(name);
    }

    /** The second moment of a tensor (live array). */
    public float[] secondMoment(String name) {
        return v.get(name);
    }

    /** Restores state saved from {@link #firstMoment}, {@link #secondMoment} and {@link #steps()}. */
    public void restore(long steps, Map<String, float[]> first, Map<String, float[]> second) {
        for (String name : m.keySet()) {
            float[] a = first.get(name);
            float[] b = second.get(name);
            if (a == null || b == null || a.length != m.get(name).length || b.length != v.get(name).length) {
                throw new IllegalArgumentException("optimizer state for " + name + " is missing or mis-sized");
            }
            System.arraycopy(a, 0, m.get(name), 0, a.length);
            System.arraycopy(b, 0, v.get(name), 0, b.length);
        }
        t = steps;
    }

    /** Names in registration order. */
    public Iterable<String> names() {
        return m.keySet();
    }
}
