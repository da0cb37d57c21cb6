package io.tonno.workflows;

import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs {@code n} asynchronous workflow operations (activities or child workflows) with at most
 * {@code inFlight} of them started and unfinished at any time. For use inside workflow code only:
 * it blocks on Temporal promises, so it is deterministic and replays.
 */
public final class BoundedFanOut {
    private BoundedFanOut() {}

    /**
     * @param n           number of operations, indexed 0..n-1
     * @param inFlight    the bound, at least 1
     * @param beforeStart called before each start (e.g. to wait while the workflow is paused)
     * @param start       starts operation {@code i} and returns its promise
     * @param onDone      called with each result as it completes (in completion order)
     * @return the results in index order
     * @throws io.temporal.failure.TemporalFailure the first failure of an operation, as soon as it
     *         is seen; operations still running are abandoned with the workflow
     */
    public static <R> List<R> run(
            int n, int inFlight, Runnable beforeStart, IntFunction<Promise<R>> start, Consumer<R> onDone) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
        }
        List<R> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(null);
        }
        Map<Integer, Promise<R>> running = new LinkedHashMap<>();
        int next = 0;
        int done = 0;
        while (done < n) {
            while (running.size() < inFlight && next < n) {
                beforeStart.run();
                running.put(next, start.apply(next));
                next++;
            }
            Promise.anyOf(running.values()).get();
            List<Integer> finished = new ArrayList<>();
            for (Map.Entry<Integer, Promise<R>> e : running.entrySet()) {
                if (e.getValue().isCompleted()) {
                    finished.add(e.getKey());
                }
            }
            for (int index : finished) {
                R result = running.remove(index).get();
                results.set(index, result);
                done++;
                onDone.accept(result);
            }
        }
        return results;
    }
}
