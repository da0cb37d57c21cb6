package io.tonno.classifier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.inference.DeviceSlicer;
import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.HostInput;
import io.tonno.classifier.sampling.PortableIntensity;
import io.tonno.classifier.sampling.SliceSampler;
import io.tonno.imaging.Volume;
import io.tonno.tomography.PlaneBatch;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training batches cut and augmented on the network's device ({@code model.slicing} {@code device}): the sampler
 * draws a {@link SliceSampler.Plan} (planes and per-slice parameters, about 1.1 KB per slice), {@link DeviceSlicer}
 * cuts the planes from volumes kept on the device, and {@link PortableIntensity} is applied in engine operations in
 * its order. Nothing of the size of the pixels crosses the bus. On the CPU the batch equals the host sampler's
 * ({@link SliceSampler#next()} with the portable form) bit for bit, so training checkpoints do too
 * ({@code DeviceTrainingTest}).
 *
 * <p>Memory on the device: the volumes last used, up to {@link #VOLUME_BUDGET_BYTES} of float32 (least recently used
 * evicted), plus about {@link #BYTES_PER_PIXEL} bytes per pixel of the slices in flight, augmented in groups of
 * {@link Devices#groupPixels(ai.djl.Device, long)} pixels (2^20 on the CPU; on a GPU what a quarter of its free memory
 * holds when the training starts), which changes no value. Not thread-safe.
 */
public final class DeviceBatches implements AutoCloseable {
    /** Bytes of training volumes kept on the device between batches. */
    static final long VOLUME_BUDGET_BYTES = 2L << 30;

    /** Bytes of intermediates per pixel being augmented. */
    static final int BYTES_PER_PIXEL = 200;

    private final NDManager manager;
    private final List<Volume> volumes;
    private final Map<Integer, DeviceSlicer> resident = new LinkedHashMap<>(16, 0.75f, true);
    private final HostInput upload = new HostInput();
    private final int groupPixels;
    private long residentBytes;

    /**
     * @param parent  a manager of the network's device; the volumes live in a sub-manager closed with this object
     * @param volumes the sampler's volumes, in its order; every extent at least 2
     * @throws IllegalArgumentException naming the first volume with an extent below 2
     */
    public DeviceBatches(NDManager parent, List<Volume> volumes) {
        this(parent, volumes, Devices.groupPixels(parent.getDevice(), BYTES_PER_PIXEL));
    }

    /** With groups of {@code groupPixels} pixels (tests: several groups in one small batch). */
    DeviceBatches(NDManager parent, List<Volume> volumes, int groupPixels) {
        for (int i = 0; i < volumes.size(); i++) {
            if (!DeviceSlicer.supports(volumes.get(i))) {
                Volume v = volumes.get(i);
                throw new IllegalArgumentException("training volume " + i + " is " + v.nx() + "x" + v.ny() + "x"
                        + v.nz() + ": slicing on the device needs every extent >= 2");
            }
        }
        this.manager = parent.newSubManager();
        this.volumes = List.copyOf(volumes);
        this.groupPixels = groupPixels;
    }

    /** The plan's slices, augmented, as a float32 {@code (count, 1, size, size)} array of {@code out}'s device. */
    public NDArray cut(NDManager out, SliceSampler.Plan plan) {
        int size = plan.size();
        int area = size * size;
        PortableIntensity.checkSize((long) plan.count() * area);
        try (NDManager m = out.newSubManager()) {
            NDArray slices = slice(m, plan);
            double[] packed = plan.intensity().packed();
            NDArray params = upload.wrap(m, packed, new Shape(packed.length));
            NDList parts = new NDList();
            int perGroup = Math.max(1, groupPixels / area);
            for (int k0 = 0; k0 < plan.count(); k0 += perGroup) {
                int n = Math.min(perGroup, plan.count() - k0);
                try (NDManager g = m.newSubManager()) {
                    NDArray part = augment(g, slices, params, plan.intensity(), k0, n, size);
                    part.attach(m);
                    parts.add(part);
                }
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            NDArray x = all.reshape(plan.count(), 1, size, size);
            x.attach(out);
            return x;
        }
    }

    /** Float32 {@code (count, size, size)}: each run of planes of one volume cut by that volume's slicer. */
    private NDArray slice(NDManager m, SliceSampler.Plan plan) {
        NDList runs = new NDList();
        int size = plan.size();
        for (int k0 = 0; k0 < plan.count(); ) {
            int vol = plan.volumes()[k0];
            int k1 = k0;
            while (k1 < plan.count() && plan.volumes()[k1] == vol) {
                k1++;
            }
            PlaneBatch planes = new PlaneBatch(k1 - k0);
            for (int k = k0; k < k1; k++) {
                planes.set(k - k0, plan.planes()[k].center(), plan.planes()[k].u(), plan.planes()[k].v());
            }
            planes.count(k1 - k0);
            runs.add(slicer(vol).slices(m, planes, size, size));
            k0 = k1;
        }
        return runs.size() == 1 ? runs.get(0) : NDArrays.concat(runs, 0);
    }

    /** The slicer of volume {@code vol}, uploading it (and evicting the least recently used beyond the budget). */
    private DeviceSlicer slicer(int vol) {
        DeviceSlicer s = resident.get(vol);
        if (s != null) {
            return s;
        }
        long bytes = 4L * volumes.get(vol).data().length;
        Iterator<Map.Entry<Integer, DeviceSlicer>> it = resident.entrySet().iterator();
        while (residentBytes + bytes > VOLUME_BUDGET_BYTES && it.hasNext()) {
            Map.Entry<Integer, DeviceSlicer> e = it.next();
            residentBytes -= 4L * volumes.get(e.getKey()).data().length;
            e.getValue().close();
            it.remove();
        }
        s = new DeviceSlicer(manager, volumes.get(vol));
        resident.put(vol, s);
        residentBytes += bytes;
        return s;
    }

    /**
     * {@link PortableIntensity} on slices {@code [k0, k0 + n)}: float32 {@code (n, size, size)}, every operation the
     * host's, in its order.
     */
    private static NDArray augment(
            NDManager g, NDArray slices, NDArray params, PortableIntensity.Params keys, int k0, int n, int size) {
        int count = keys.count();
        int k1 = PortableIntensity.SEGMENTS + 1;
        int area = size * size;
        NDArray x = slices.get(new NDIndex("{}:{}", k0, k0 + n)).toType(DataType.FLOAT64, false);
        Shape perSlice = new Shape(n, 1, 1);
        int at = count * k1;
        NDArray scale = params.get(new NDIndex("{}:{}", at + k0, at + k0 + n)).reshape(perSlice);
        at += count;
        NDArray identity =
                params.get(new NDIndex("{}:{}", at + k0, at + k0 + n)).reshape(perSlice);
        at += count;
        NDArray contrast =
                params.get(new NDIndex("{}:{}", at + k0, at + k0 + n)).reshape(perSlice);
        at += count;
        NDArray offset = params.get(new NDIndex("{}:{}", at + k0, at + k0 + n)).reshape(perSlice);
        at += count;
        NDArray sigma = params.get(new NDIndex("{}:{}", at + k0, at + k0 + n)).reshape(perSlice);
        NDArray tables = params.get(new NDIndex("0:{}", count * k1));

        // Gamma: the table read at t = K·√(|x|/m), j = min(⌊t⌋, K−1).
        NDArray t = x.abs().div(scale).sqrt().mul((double) PortableIntensity.SEGMENTS);
        NDArray j = t.floor().minimum((double) (PortableIntensity.SEGMENTS - 1));
        NDArray f = t.sub(j);
        NDArray base = g.arange(k0, k0 + n, 1, DataType.INT64).mul((long) k1).reshape(perSlice);
        NDArray index = j.toType(DataType.INT64, false).add(base);
        NDArray t0 = tables.take(g, index);
        NDArray t1 = tables.take(g, index.add(1L));
        NDArray curve = t0.add(f.mul(t1.sub(t0)));
        NDArray signed = NDArrays.where(x.lt(0.0), curve.neg(), curve);
        NDArray y = NDArrays.where(identity.eq(1.0).broadcast(x.getShape()), x, signed);

        // Noise: (u0 + u1 + u2 + u3 − 2)·√3 with u_r = h(4p + r)/P for batch pixel p.
        long first = 4L * k0 * area;
        NDArray counters = g.arange((int) first, (int) (first + 4L * n * area), 1, DataType.INT64);
        NDArray u = hash(counters, keys.key1(), keys.key2())
                .toType(DataType.FLOAT64, false)
                .div((double) PortableIntensity.P);
        u = u.reshape((long) n * area, 4);
        NDArray sum = u.get(":, 0").add(u.get(":, 1")).add(u.get(":, 2")).add(u.get(":, 3"));
        NDArray noise = sum.sub(2.0).mul(PortableIntensity.ROOT3).reshape(n, size, size);
        return y.mul(contrast).add(offset).add(sigma.mul(noise)).toType(DataType.FLOAT32, false);
    }

    /** {@code PortableIntensity.hash} in int64 engine operations: the same six rounds modulo {@code P}. */
    private static NDArray hash(NDArray counters, long key1, long key2) {
        long p = PortableIntensity.P;
        NDArray x = counters.add(key1).mod(p);
        x = x.mul(PortableIntensity.A).add(key2).mod(p);
        x = x.mul(x).add(key1).mod(p);
        x = x.mul(PortableIntensity.B).add(key2).mod(p);
        x = x.mul(x).add(key2).mod(p);
        return x.mul(PortableIntensity.C).add(key1).mod(p);
    }

    @Override
    public void close() {
        resident.clear();
        manager.close();
    }
}
