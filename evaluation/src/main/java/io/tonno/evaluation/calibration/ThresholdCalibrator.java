package io.tonno.evaluation.calibration;

import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.label.Masks;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Chooses one threshold per method (and layer) that maximises mean Dice over calibration volumes
 * (method.md §10).
 *
 * <p><b>Candidates.</b> Quantiles of the pooled normalised heatmap values of all cases (considered
 * voxels only): half of them at evenly spaced levels, half in the upper tail at levels
 * {@code 1 - 10^-x} for evenly spaced {@code x}, because lesions are small and good thresholds sit
 * high. The pool is a deterministic strided sample of at most {@link Options#maxPooledSamples} values.
 *
 * <p><b>Efficiency.</b> Cases are never re-binarized per candidate: each case is read once more, its
 * voxels are sorted into the buckets between consecutive candidates ({@code O(n log K)}), and suffix
 * sums give, for every candidate at once, the predicted and overlapping voxel counts from which Dice
 * follows. Memory beyond one case is {@code O(K)} plus the sample.
 *
 * <p><b>Ties</b> go to the smallest threshold, so the result is deterministic.
 */
public final class ThresholdCalibrator {
    /**
     * @param candidateCount   number of quantile levels (duplicates removed afterwards), at least 2
     * @param maxPooledSamples bound on the pooled sample the quantiles come from
     * @param bothEmpty        Dice of a case where mask and prediction are both empty
     */
    public record Options(int candidateCount, int maxPooledSamples, Dice.BothEmpty bothEmpty) {
        public static final Options DEFAULT = new Options(256, 4_000_000, Dice.BothEmpty.ONE);

        public Options {
            if (candidateCount < 2) {
                throw new IllegalArgumentException("candidateCount must be >= 2, got " + candidateCount);
            }
            if (maxPooledSamples < candidateCount) {
                throw new IllegalArgumentException("maxPooledSamples must be >= candidateCount");
            }
            Objects.requireNonNull(bothEmpty, "bothEmpty");
        }
    }

    private final Options options;

    public ThresholdCalibrator(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Calibrates over cases held in memory. */
    public CalibrationResult calibrate(
            List<CalibrationCase> cases, Normalization normalization, ForegroundRestriction restriction) {
        try {
            return calibrate(cases.size(), cases::get, normalization, restriction);
        } catch (IOException | InvalidInputException e) {
            throw new IllegalStateException("in-memory cases cannot fail to load", e);
        }
    }

    /**
     * Calibrates over {@code caseCount} cases loaded on demand.
     *
     * @throws IllegalArgumentException when there are no cases or no considered voxel at all
     */
    public CalibrationResult calibrate(
            int caseCount,
            CaseLoader<CalibrationCase> loader,
            Normalization normalization,
            ForegroundRestriction restriction)
            throws IOException, InvalidInputException {
        if (caseCount < 1) {
            throw new IllegalArgumentException("calibration needs at least one case");
        }
        double[] scales = new double[caseCount];
        int perCase = Math.max(1, options.maxPooledSamples() / caseCount);
        float[] pool = new float[options.maxPooledSamples()];
        int pooled = 0;
        for (int c = 0; c < caseCount; c++) {
            CalibrationCase cc = loader.load(c);
            boolean[] considered = Binarizer.considered(cc.heatmap(), cc.foreground(), restriction);
            scales[c] = Binarizer.scale(cc.heatmap(), considered, normalization);
            float[] v = cc.heatmap().data();
            long eligible = 0;
            for (int n = 0; n < v.length; n++) {
                if ((considered == null || considered[n]) && !Float.isNaN(v[n])) {
                    eligible++;
                }
            }
            long stride = Math.max(1, (eligible + perCase - 1) / perCase);
            long seen = 0;
            for (int n = 0; n < v.length && pooled < pool.length; n++) {
                if ((considered == null || considered[n]) && !Float.isNaN(v[n])) {
                    if (seen++ % stride == 0) {
                        pool[pooled++] = (float) (v[n] / scales[c]);
                    }
                }
            }
        }
        if (pooled == 0) {
            throw new IllegalArgumentException("no heatmap voxel is considered in any calibration case");
        }
        double[] candidates = candidates(pool, pooled, options.candidateCount());

        int k = candidates.length;
        double[] diceSum = new double[k];
        int[] diceCount = new int[k];
        long[] bucketAll = new long[k + 1];
        long[] bucketTruth = new long[k + 1];
        for (int c = 0; c < caseCount; c++) {
            CalibrationCase cc = loader.load(c);
            boolean[] considered = Binarizer.considered(cc.heatmap(), cc.foreground(), restriction);
            float[] v = cc.heatmap().data();
            float[] t = cc.truth().data();
            Arrays.fill(bucketAll, 0);
            Arrays.fill(bucketTruth, 0);
            long truthVoxels = 0;
            for (int n = 0; n < v.length; n++) {
                boolean inTruth = Masks.isSet(t[n]);
                if (inTruth) {
                    truthVoxels++;
                }
                if ((considered != null && !considered[n]) || Float.isNaN(v[n])) {
                    continue;
                }
                // bucket b = number of candidates strictly below the value: the voxel is positive
                // for candidates 0..b-1.
                int b = countBelow(candidates, v[n] / scales[c]);
                bucketAll[b]++;
                if (inTruth) {
                    bucketTruth[b]++;
                }
            }
            long predicted = 0;
            long overlap = 0;
            for (int cand = k - 1; cand >= 0; cand--) {
                predicted += bucketAll[cand + 1];
                overlap += bucketTruth[cand + 1];
                double d = Dice.fromCounts(overlap, predicted, truthVoxels, options.bothEmpty());
                if (!Double.isNaN(d)) {
                    diceSum[cand] += d;
                    diceCount[cand]++;
                }
            }
        }
        double[] meanDices = new double[k];
        int best = -1;
        for (int cand = 0; cand < k; cand++) {
            meanDices[cand] = diceCount[cand] == 0 ? Double.NaN : diceSum[cand] / diceCount[cand];
            if (!Double.isNaN(meanDices[cand]) && (best < 0 || meanDices[cand] > meanDices[best])) {
                best = cand;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("every calibration case was excluded from Dice (empty masks "
                    + "and predictions with Dice.BothEmpty.EXCLUDE)");
        }
        BinarizationSettings chosen = new BinarizationSettings(normalization, candidates[best], restriction);
        return new CalibrationResult(chosen, meanDices[best], caseCount, candidates, meanDices);
    }

    /** Quantiles of the first {@code m} pooled values at uniform and upper-tail levels, deduplicated. */
    static double[] candidates(float[] pool, int m, int count) {
        Arrays.sort(pool, 0, m);
        int uniform = count / 2;
        int tail = count - uniform;
        double[] levels = new double[count];
        for (int u = 0; u < uniform; u++) {
            levels[u] = u / (double) uniform;
        }
        // Tail levels 1 - 10^-x, x from 1 up to the resolution of the sample.
        double xMax = Math.max(1.0, Math.log10(m));
        for (int t = 0; t < tail; t++) {
            double x = 1.0 + (xMax - 1.0) * t / Math.max(1, tail - 1);
            levels[uniform + t] = 1.0 - Math.pow(10, -x);
        }
        Arrays.sort(levels);
        double[] out = new double[count];
        int n = 0;
        for (double q : levels) {
            double pos = (m - 1) * q;
            int lo = (int) Math.floor(pos);
            int hi = Math.min(m - 1, lo + 1);
            double value = pool[lo] + (pool[hi] - (double) pool[lo]) * (pos - lo);
            if (n == 0 || value > out[n - 1]) {
                out[n++] = value;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Number of sorted candidates strictly below {@code x}. */
    static int countBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
