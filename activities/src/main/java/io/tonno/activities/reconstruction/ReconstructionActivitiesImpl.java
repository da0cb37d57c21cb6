package io.tonno.activities.reconstruction;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.heatmap.HeatmapChunk;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.ChunkResult;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.ReduceRequest;
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
 * {@link ReconstructionActivities} over {@link HeatmapMethods}, the one entry point for heatmaps: a chunk is
 * {@link HeatmapMethods#computeChunk} of the request's directions (or axis, for a 2D CAM baseline) with the
 * settings {@link MethodSpecs#settings} gives, heartbeating after every batch of slices; the reduce reads the
 * chunks in index order (so the floating-point sums are the same on every run), {@link HeatmapMethods#combine}s
 * them and writes the heatmap NIfTI with the preprocessed volume's affine. Chunk artifacts are the chunk results'
 * byte forms ({@code Sinogram} rows for ToNNO, {@code PartialVolume}s otherwise). A chunk whose output key already
 * exists is not recomputed (outputs are deterministic).
 */
public final class ReconstructionActivitiesImpl implements ReconstructionActivities, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconstructionActivitiesImpl.class);
    private final Workspace work;
    private final String device;
    private final int threads;
    private final NetworkPool networks = new NetworkPool();
    private final ExecutorService computeThreads =
            new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.HOURS, new SynchronousQueue<>(), r -> {
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
    public record ChunkBeat(int chunkIndex, long slicesDone) {}

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
            MethodSettings settings =
                    MethodSpecs.settings(r.method(), r.model().sliceSize(), threads, MethodSettings.DEFAULT_BATCH);
            Volume volume = volume(r.image().imageKey());
            NetworkPool.Lease lease =
                    networks.borrow(r.checkpointKey(), work.fetch(r.checkpointKey()), r.model(), device);
            byte[] bytes;
            long t0 = System.nanoTime();
            // A 2D-baseline chunk stacks a whole axis in one call; TonnoPlugin's ActivityLiveness heartbeats
            // for it meanwhile, so no progress call is needed to stay alive.
            try {
                bytes = onComputeThread(() -> HeatmapMethods.computeChunk(
                                lease.net(), volume, settings, r.first(), r.count(), n -> {
                                    done[0] += n;
                                    beat.run();
                                })
                        .toBytes());
            } finally {
                networks.release(lease);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // The timing goes first (one PUT: small objects appear whole), so a published chunk has its timing.
            work.store()
                    .put(
                            ArtifactKeys.chunkTiming(
                                    r.experimentId(), r.method().key(), r.caseId(), r.chunkIndex()),
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
            HeatmapMethod method = HeatmapMethod.parse(r.method().name());
            List<HeatmapChunk> parts = new ArrayList<>();
            double chunkSeconds = 0;
            for (int i = 0; i < r.chunks(); i++) {
                parts.add(HeatmapChunk.fromBytes(
                        method,
                        work.store()
                                .get(ArtifactKeys.chunk(
                                        r.experimentId(), r.method().key(), r.caseId(), i))));
                chunkSeconds += chunkSeconds(
                        ArtifactKeys.chunkTiming(r.experimentId(), r.method().key(), r.caseId(), i));
                ctx.heartbeat(i);
            }
            Volume heat = HeatmapMethods.combine(
                    method,
                    method == HeatmapMethod.TONNO ? MethodSpecs.inversion(r.method()) : null,
                    parts,
                    image,
                    threads);
            double seconds = chunkSeconds + (System.nanoTime() - t0) / 1e9;
            work.store()
                    .put(
                            ArtifactKeys.heatmapTiming(
                                    r.experimentId(), r.method().key(), r.caseId()),
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
}
