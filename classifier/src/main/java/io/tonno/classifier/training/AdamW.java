package io.tonno.classifier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.tonno.classifier.nn.EngineCopy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, 2019) exactly as PyTorch's {@code torch.optim.AdamW} with
 * {@code amsgrad=False}, run by the engine on the parameters' device. The moments live next to the
 * parameters and every update is in place, so a step allocates no host memory and copies nothing across
 * the bus; only a checkpoint copies the moments out ({@link #firstMoment}, {@link #secondMoment}) and a
 * resume copies them back ({@link #restore}), bit for bit.
 *
 * <p>Per step {@code t} (from 1) and tensor, in float32 and in this order of operations (each one rounded,
 * no fused multiply-add, so the result is the same on every engine back end that rounds IEEE-correctly):
 * {@code p ← p·(1 - lr·wd)} (decoupled decay, only for tensors registered with decay),
 * {@code m ← m + (1-β1)·(g - m)} (PyTorch's lerp form), {@code v ← β2·v + ((1-β2)·g)·g},
 * {@code p ← p - ((lr/(1-β1^t))·m) / (sqrt(v)/sqrt(1-β2^t) + ε)}; β1 = 0.9, β2 = 0.999, ε = 1e-8.
 *
 * <p>Memory: every temporary of a step lives in a per-step manager that is closed before {@link #step}
 * returns; the gradients are zeroed in place after use (PyTorch accumulates them otherwise).
 */
public final class AdamW implements AutoCloseable {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final Map<String, Boolean> decay = new LinkedHashMap<>();
    private final double weightDecay;
    private long t;

    /**
     * @param weightDecay decoupled weight decay, {@code [0, 1)}
     * @param manager     a manager on the parameters' device; the moments are created in a sub-manager of it
     *                    that {@link #close()} releases
     */
    public AdamW(double weightDecay, NDManager manager) {
        this.weightDecay = weightDecay;
        this.manager = manager.newSubManager();
    }

    /**
     * Registers a live parameter tensor (it must require gradients); {@code decay} says whether weight decay
     * applies to it. Its moments start at zero.
     */
    public void register(String name, NDArray param, boolean decay) {
        params.put(name, param);
        m.put(name, manager.zeros(param.getShape()));
        v.put(name, manager.zeros(param.getShape()));
        this.decay.put(name, decay);
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    /**
     * Checks that every registered tensor's gradient is finite, without changing anything.
     *
     * @return the name of the first tensor whose gradient has a NaN or an infinity, or null
     */
    public String firstNonFiniteGradient() {
        try (NDManager step = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = gradient(e.getValue(), step);
                NDArray worst = g.abs();
                worst.attach(step);
                if (!Float.isFinite(worst.max().getFloat())) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /**
     * Takes one step at learning rate {@code lr} from the gradients on the registered tensors, updates the
     * tensors in place and zeroes their gradients.
     */
    public void step(double lr) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        // In-place updates of leaves that require gradients are legal only with autograd off. PyTorch's grad
        // mode is per thread and on by default: a thread other than the one that loaded the engine (an
        // activity's, say) starts with it on.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = manager.newSubManager()) {
            NDArray oneMinusB1 = step.create(1 - b1);
            NDArray beta2 = step.create(b2);
            NDArray oneMinusB2 = step.create(1 - b2);
            NDArray stepSize = step.create((float) (lr / bc1));
            NDArray sqrtBc2 = step.create((float) Math.sqrt(bc2));
            NDArray eps = step.create((float) EPS);
            NDArray shrink = step.create((float) (1 - lr * weightDecay));
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                String name = e.getKey();
                NDArray p = e.getValue();
                NDArray g = gradient(p, step);
                NDArray mm = m.get(name);
                NDArray vv = v.get(name);
                if (decay.get(name)) {
                    p.muli(shrink);
                }
                mm.addi(local(g.sub(mm), step).muli(oneMinusB1));
                vv.muli(beta2).addi(oneMinusB2.mul(g).muli(g));
                NDArray denom = local(vv.sqrt(), step).divi(sqrtBc2).addi(eps);
                p.subi(stepSize.mul(mm).divi(denom));
                g.subi(g);
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** A copy of a tensor's first moment, row-major. */
    public float[] firstMoment(String name) {
        return m.get(name).toFloatArray();
    }

    /** A copy of a tensor's second moment, row-major. */
    public float[] secondMoment(String name) {
        return v.get(name).toFloatArray();
    }

    /** Restores state saved from {@link #firstMoment}, {@link #secondMoment} and {@link #steps()}. */
    public void restore(long steps, Map<String, float[]> first, Map<String, float[]> second) {
        EngineCopy staging = new EngineCopy(
                m.values().stream().mapToLong(a -> a.getShape().size()).max().orElse(1));
        for (String name : m.keySet()) {
            float[] a = first.get(name);
            float[] b = second.get(name);
            Shape shape = m.get(name).getShape();
            if (a == null || b == null || a.length != shape.size() || b.length != shape.size()) {
                throw new IllegalArgumentException("optimizer state for " + name + " is missing or mis-sized");
            }
            m.put(name, replace(m.get(name), a, staging));
            v.put(name, replace(v.get(name), b, staging));
        }
        t = steps;
    }

    /** Names in registration order. */
    public List<String> names() {
        return new ArrayList<>(m.keySet());
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDArray replace(NDArray old, float[] values, EngineCopy staging) {
        NDArray fresh = staging.of(manager, values, old.getShape());
        old.close();
        return fresh;
    }

    /** The gradient of {@code p}, as an array owned by {@code step} (its storage stays the parameter's). */
    private static NDArray gradient(NDArray p, NDManager step) {
        return local(p.getGradient(), step);
    }

    /** Moves ownership of a temporary to the step's manager (engine ops attach results to their first operand's). */
    private static NDArray local(NDArray a, NDManager step) {
        a.attach(step);
        return a;
    }
}
