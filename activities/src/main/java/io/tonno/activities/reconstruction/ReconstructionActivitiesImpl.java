package io.tonno.activities.reconstruction;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.cam.Cam2dBaseline;
import io.tonno.classifier.cam.CamMapScorer;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.inference.ModelSliceScorer;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.MapMethod;
import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.SinogramBackprojector;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.SliceMapScorer;
import io.tonno.tomography.SliceScorer;
import io.tonno.tomography.Timings;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.ChunkResult;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.ReduceRequest;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReconstructionActivities} over the tomography module, the trained network and the CAM methods of
 * {@code io.tonno.classifier.cam} (the same computations as {@code HeatmapMethods}, chunk by chunk, with a
 * heartbeat after every batch of slices).
 *
 * <p>A chunk of ToNNO stores its {@link Sinogram} rows ({@code count × (M+2)} doubles); a chunk of
 * Averaged/Tomographic CAM stores the {@link PartialVolume} backprojection of its directions' maps; a
 * chunk of a 2D CAM baseline stores the CAM volume along one axis. The reduce reads the chunks in
 * index order (so the floating-point sums are the same on every run), backprojects ToNNO's merged
 * sinogram or sums the partial volumes (2D baselines: their mean over the axes), and writes the
 * heatmap NIfTI with the preprocessed volume's affine. A chunk whose output key already exists is not
 * recomputed (outputs are deterministic). Chunks heartbeat after every batch of slices.
 */
public final class ReconstructionActivitiesImpl implements ReconstructionActivities, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconstructionActivitiesImpl.class);
    private static final int BATCH = 32;
    private final Workspace work;
    private final String device;
    private final int threads;
    private final NetworkPool networks = new NetworkPool();
    private final ExecutorService computeThreads = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 1, TimeUnit.HOURS, new SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(r, "tonno-compute");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, Volume> decoded = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Volume> eldest) {
            return size() > 2;
        }
    };

    /**
     * @param work    the worker's workspace
     * @param device  device for {@code auto} models
     * @param threads slicing and backprojection threads, 0 = all cores
     */
    public ReconstructionActivitiesImpl(Workspace work, String device, int threads) {
        this.work = work;
        this.device = device;
        this.threads = threads;
    }

    /** Progress heartbeated by a running chunk. */
    public record ChunkBeat(int chunkIndex, long slicesDone) {
    }

    @Override
    public ChunkResult reconstructChunk(ChunkRequest r) {
        return InvalidInputFailures.call(() -> {
            if (work.store().exists(r.outputKey())) {
                return new ChunkResult(r.chunkIndex(), r.outputKey(), 0);
            }
            ActivityExecutionContext ctx = Activity.getExecutionContext();
            long[] done = {0};
            long[] lastBeat = {0};
            // At most one heartbeat call a second: the SDK throttles what it sends anyway.
            Runnable beat = () -> {
                long now = System.nanoTime();
                if (now - lastBeat[0] >= 1_000_000_000L) {
                    lastBeat[0] = now;
                    ctx.heartbeat(new ChunkBeat(r.chunkIndex(), done[0]));
                }
            };
            Volume volume = volume(r.image().imageKey());
            NetworkPool.Lease lease = networks.borrow(r.checkpointKey(), work.fetch(r.checkpointKey()), r.model(), device);
            byte[] bytes;
            long t0 = System.nanoTime();
            // A 2D-baseline chunk stacks a whole axis in one call; TonnoPlugin's ActivityLiveness heartbeats
            // for it meanwhile, so no progress call is needed to stay alive.
            try {
                bytes = onComputeThread(() -> compute(r, volume, lease.net(), threads, n -> {
                    done[0] += n;
                    beat.run();
                }));
            } finally {
                networks.release(lease);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // The timing goes first (one PUT: small objects appear whole), so a published chunk has its timing.
            work.store().put(ArtifactKeys.chunkTiming(r.experimentId(), r.method().key(), r.caseId(), r.chunkIndex()),
                    work.json().writeValueAsBytes(Map.of("seconds", seconds, "slices", done[0])));
            work.publish(r.outputKey(), bytes);
            return new ChunkResult(r.chunkIndex(), r.outputKey(), done[0]);
        });
    }

    /**
     * Runs {@code work} on one of this worker's long-lived compute threads and waits for it. Temporal hands
     * activities to whichever executor thread is free, often a new one; PyTorch keeps per-thread state (the
     * OpenMP team that runs a thread's operators, oneDNN's scratch buffers; on a GPU, the thread's CUDA
     * stream), so scoring on a fresh thread each chunk starts that state again. Idle compute threads are
     * reused, one per concurrently running chunk. Interrupting the caller (worker shutdown) interrupts the
     * compute.
     */
    private <T> T onComputeThread(Callable<T> work) throws Exception {
        Future<T> f = computeThreads.submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The decoded volume of {@code key}: the last two are kept, because a worker mostly gets chunk after
     * chunk of the same case and decoding a compressed NIfTI again costs a noticeable part of a short chunk.
     * The volumes are only read.
     */
    private Volume volume(String key) throws IOException, InvalidInputException {
        synchronized (decoded) {
            Volume v = decoded.get(key);
            if (v == null) {
                v = work.volume(key);
                decoded.put(key, v);
            }
            return v;
        }
    }

    /** Receives the number of slices scored after every batch. */
    public interface Progress {
        void scored(int slices);
    }

    /**
     * The chunk's artifact bytes; shared by the activity and the in-process benchmark.
     *
     * @param checkpoint the trainer checkpoint file of the network
     * @param device     device for {@code auto} models
     * @param threads    slicing and backprojection threads, 0 = all cores
     */
    public static byte[] compute(ChunkRequest r, Volume volume, java.nio.file.Path checkpoint, String device,
            int threads, Progress progress)
            throws IOException, InvalidInputException {
        try (ResNet net = Networks.load(checkpoint, r.model(), device)) {
            return compute(r, volume, net, threads, progress);
        }
    }

    /** {@link #compute(ChunkRequest, Volume, java.nio.file.Path, String, int, Progress)} on a loaded network. */
    public static byte[] compute(ChunkRequest r, Volume volume, ResNet net, int threads, Progress progress) {
        MethodSpec m = r.method();
        ModelSpec model = r.model();
        int size = m.sliceSize() != null ? m.sliceSize() : model.sliceSize();
        {
            if ("tonno".equals(m.name())) {
                Reconstruction rec = new Reconstruction(new ReconstructionSettings(m.directions(), m.slices(), size,
                        false, threads, BATCH));
                try (ModelSliceScorer scorer = new ModelSliceScorer(net, BATCH, false)) {
                    SliceScorer counting = (slices, count, h, w, scores) -> {
                        scorer.score(slices, count, h, w, scores);
                        progress.scored(count);
                    };
                    return rec.sinogram(volume, counting, new DirectionChunk(r.first(), r.count()), new Timings())
                            .toBytes();
                }
            }
            CamMethod cam = CamMethod.parse(m.isDirectional() ? m.cam() : m.name());
            Stage layer = CamMethod.parseLayer(Integer.toString(m.layer()));
            if (!m.isDirectional()) {
                // A 2D baseline chunk is one axis: the stack of that axis's slice CAMs (the reduce averages axes).
                Volume stack = new Cam2dBaseline(cam.create(net, layer, BATCH), size, false).stack(volume, r.first());
                progress.scored(volume.shape()[r.first()]);
                double[] voxels = new double[stack.data().length];
                for (int i = 0; i < voxels.length; i++) {
                    voxels[i] = stack.data()[i];
                }
                return new PartialVolume(stack.nx(), stack.ny(), stack.nz(), voxels).toBytes();
            }
            CamMapScorer camScorer = CamMapScorer.of(net, cam, layer, BATCH);
            SliceMapScorer counting = new SliceMapScorer() {
                @Override
                public int[] mapShape(int h, int w) {
                    return camScorer.mapShape(h, w);
                }

                @Override
                public void score(float[] slices, int count, int h, int w, float[] maps) {
                    camScorer.score(slices, count, h, w, maps);
                    progress.scored(count);
                }

                @Override
                public int preferredBatchSize() {
                    return camScorer.preferredBatchSize();
                }
            };
            MapMethod method = "averaged".equals(m.name()) ? MapMethod.AVERAGED : MapMethod.TOMOGRAPHIC;
            Reconstruction rec = new Reconstruction(new ReconstructionSettings(m.directions(), m.slices(), size,
                    false, threads, BATCH));
            return rec.maps(volume, counting, method, new DirectionChunk(r.first(), r.count()), volume.shape(),
                    new Timings()).toBytes();
        }
    }

    /** Closes the networks kept between chunks (worker shutdown). */
    @Override
    public void close() {
        computeThreads.shutdown();
        networks.close();
    }

    @Override
    public Heatmap reduce(ReduceRequest r) {
        return InvalidInputFailures.call(() -> {
            ActivityExecutionContext ctx = Activity.getExecutionContext();
            long t0 = System.nanoTime();
            Volume image = work.volume(r.image().imageKey());
            List<byte[]> parts = new ArrayList<>();
            double chunkSeconds = 0;
            for (int i = 0; i < r.chunks(); i++) {
                parts.add(work.store().get(ArtifactKeys.chunk(r.experimentId(), r.method().key(), r.caseId(), i)));
                chunkSeconds += chunkSeconds(ArtifactKeys.chunkTiming(r.experimentId(), r.method().key(), r.caseId(), i));
                ctx.heartbeat(i);
            }
            Volume heat = combine(r.method(), parts, image, threads);
            double seconds = chunkSeconds + (System.nanoTime() - t0) / 1e9;
            work.store().put(ArtifactKeys.heatmapTiming(r.experimentId(), r.method().key(), r.caseId()),
                    work.json().writeValueAsBytes(Map.of("seconds", seconds, "chunks", r.chunks())));
            work.publishFloat32(r.heatmapKey(), heat);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : heat.data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            LOG.info("heatmap {} from {} chunks, range [{}, {}]", r.heatmapKey(), r.chunks(), min, max);
            return new Heatmap(r.caseId(), r.method().key(), r.heatmapKey(), min, max);
        });
    }

    /** A chunk's recorded wall time; NaN when it has none (a chunk published by an older version). */
    private double chunkSeconds(String key) throws IOException {
        try {
            return work.json().readTree(work.store().get(key)).path("seconds").asDouble(Double.NaN);
        } catch (java.nio.file.NoSuchFileException e) {
            return Double.NaN;
        }
    }

    /** Combines chunk artifacts, in the given (index) order, into the heatmap on {@code image}'s grid. */
    public static Volume combine(MethodSpec m, List<byte[]> parts, Volume image, int threads) {
        if ("tonno".equals(m.name())) {
            List<Sinogram> sinograms = new ArrayList<>();
            for (byte[] b : parts) {
                sinograms.add(Sinogram.fromBytes(b));
            }
            return SinogramBackprojector.backproject(Sinogram.merge(sinograms), image.shape(), threads).toVolume(image);
        }
        PartialVolume sum = PartialVolume.zeros(image.shape());
        for (byte[] b : parts) {
            sum = sum.add(PartialVolume.fromBytes(b));
        }
        if (!m.isDirectional() && parts.size() > 1) {
            double[] d = sum.data();
            for (int i = 0; i < d.length; i++) {
                d[i] /= parts.size();
            }
        }
        return sum.toVolume(image);
    }
}
