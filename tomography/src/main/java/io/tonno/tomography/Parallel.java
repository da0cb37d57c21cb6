package io.tonno.tomography;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs index loops on a pool of a given size. Pools are created once per thread count and reused;
 * their threads are daemons. Work items must write disjoint outputs, so that results do not depend on
 * the thread count.
 */
public final class Parallel {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Parallel() {}

    /** The number of threads to use when a caller asks for {@code 0}: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Calls {@code body.accept(i)} for {@code i = 0..count-1} on {@code threads} threads (0 = all cores). */
    public static void forEach(int count, int threads, IntConsumer body) {
        int t = threads <= 0 ? defaultThreads() : threads;
        if (t == 1 || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        ForkJoinPool pool = POOLS.computeIfAbsent(t, Parallel::newPool);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(body))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + count + " parallel items", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("parallel item failed", cause);
        }
    }

    private static ForkJoinPool newPool(int threads) {
        return new ForkJoinPool(
                threads,
                pool -> {
                    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setDaemon(true);
                    thread.setName("tonno-parallel-" + threads + "-" + thread.getPoolIndex());
                    return thread;
                },
                null,
                false);
    }
}
