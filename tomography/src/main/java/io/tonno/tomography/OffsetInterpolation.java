package io.tonno.tomography;

import io.tonno.imaging.Volume;
import java.util.Arrays;

/**
 * How much of a ToNNO sinogram its own neighbours predict along the offset ({@code tonno bench convergence --reduce
 * offsets…}, docs/tomography.md, "Adaptive offsets"), and the refinement rule and spline that {@link AdaptiveOffsets}
 * applies while it scores: here they are applied to a sinogram already scored in full.
 *
 * <p>Each direction {@code l} of a sinogram keeps its scores outside the body (they are the one all-zero slice's
 * score, {@link PlaneSupport}) and a subset of its in-body slices {@code j = first(l) .. first(l) + count(l) - 1};
 * every other in-body score is replaced by the natural cubic spline along {@code j} through the kept ones (the knots
 * at the body's edge included). The kept subset is
 * <ul>
 *   <li>every {@code stride}-th in-body slice from the first, and the last ({@code tolerance} infinite), or
 *   <li>that grid refined adaptively ({@code tolerance} finite, in score units): for each gap between kept slices
 *       {@code a < b} with {@code b - a >= 2}, the middle slice {@code ⌊(a + b)/2⌋} is kept when the cubic through
 *       the four kept slices around the gap (fewer at the ends) and the straight line from {@code a} to {@code b}
 *       predict it more than {@code tolerance} apart; repeated until no gap changes.
 * </ul>
 * The kept scores are the sinogram's own, so the result is what a scheme that scores only those slices of the same
 * planes, and interpolates the rest, would reconstruct. The rows of the result for the other slices are
 * interpolations, not scores.
 */
public final class OffsetInterpolation {
    private OffsetInterpolation() {}

    /**
     * The interpolated sinogram and how many of its slices are the reference's own.
     *
     * @param sinogram the reference's rows with only the kept slices scored, the others interpolated ({@code
     *                 (count, M+2)} like the input)
     * @param kept     in-body slices kept (the network calls such a scheme makes, without the all-zero slice's)
     * @param inBody   in-body slices of the input (what scoring every plane that meets the body costs)
     */
    public record Result(Sinogram sinogram, long kept, long inBody) {}

    /**
     * Interpolates {@code reference} (a sinogram of {@code volume} cut with {@code settings}) along the offset.
     *
     * @param stride    {@code >= 1}: keep every {@code stride}-th in-body slice (and the last); 1 keeps all
     * @param tolerance {@link Double#POSITIVE_INFINITY} for the fixed grid; a finite value {@code >= 0} refines it
     *                  (score units: logits for a network's sinogram)
     * @throws IllegalArgumentException for a sinogram of another lattice, {@code L} or {@code M} than {@code
     *                                  settings}, a stride below 1, or a negative or NaN tolerance
     */
    public static Result interpolate(
            Sinogram reference, Volume volume, ReconstructionSettings settings, int stride, double tolerance) {
        if (reference.lattice() != settings.lattice()
                || reference.directions() != settings.directions()
                || reference.slices() != settings.slices()) {
            throw new IllegalArgumentException("the sinogram ("
                    + reference.lattice().id() + ", L = "
                    + reference.directions() + ", M = " + reference.slices() + ") was not cut with these settings ("
                    + settings.lattice().id() + ", L = " + settings.directions() + ", M = " + settings.slices() + ")");
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        PlaneSupport support = PlaneSupport.body(volume, settings.directionSet(), settings);
        int per = settings.slicesPerDirection();
        double[] out = reference.scores().clone();
        long kept = 0;
        long inBody = 0;
        double[] row = new double[per];
        boolean[] known = new boolean[per];
        for (int r = 0; r < reference.count(); r++) {
            int l = reference.first() + r;
            int f = support.first(l);
            int c = support.count(l);
            inBody += c;
            if (c == 0) {
                continue;
            }
            System.arraycopy(reference.scores(), r * per, row, 0, per);
            Arrays.fill(known, true);
            grid(known, f, c, stride);
            if (Double.isFinite(tolerance)) {
                refine(row, known, tolerance);
            }
            for (int j = f; j < f + c; j++) {
                if (known[j]) {
                    kept++;
                }
            }
            spline(row, known, out, r * per);
        }
        return new Result(
                new Sinogram(
                        reference.directions(),
                        reference.lattice(),
                        reference.slices(),
                        reference.first(),
                        reference.count(),
                        out),
                kept,
                inBody);
    }

    /** Marks gaps' middle slices as kept while the cubic and the linear prediction there differ by more than tol. */
    private static void refine(double[] row, boolean[] known, double tolerance) {
        for (int[] mids = refinements(row, known, tolerance);
                mids.length > 0;
                mids = refinements(row, known, tolerance)) {
            for (int mid : mids) {
                known[mid] = true;
            }
        }
    }

    /**
     * One refinement pass: the middle slices {@code ⌊(a + b)/2⌋} of the gaps {@code b - a >= 2} between kept slices
     * where the cubic through the kept slices around the gap and the line from {@code a} to {@code b} differ by more
     * than {@code tolerance}, ascending. Reads only the kept slices' scores.
     */
    static int[] refinements(double[] row, boolean[] known, double tolerance) {
        int[] k = indices(known);
        int[] mids = new int[k.length];
        int n = 0;
        for (int q = 0; q + 1 < k.length; q++) {
            int a = k[q];
            int b = k[q + 1];
            if (b - a < 2) {
                continue;
            }
            int mid = (a + b) >>> 1;
            double linear = row[a] + (row[b] - row[a]) * (mid - a) / (double) (b - a);
            if (Math.abs(lagrange(row, k, q, mid) - linear) > tolerance) {
                mids[n++] = mid;
            }
        }
        return Arrays.copyOf(mids, n);
    }

    /** The polynomial through the kept slices {@code k[q-1] .. k[q+2]} (those that exist), at {@code x}. */
    private static double lagrange(double[] row, int[] k, int q, int x) {
        int lo = Math.max(0, q - 1);
        int hi = Math.min(k.length - 1, q + 2);
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
            double w = 1;
            for (int j = lo; j <= hi; j++) {
                if (j != i) {
                    w *= (x - k[j]) / (double) (k[i] - k[j]);
                }
            }
            sum += w * row[k[i]];
        }
        return sum;
    }

    /**
     * Writes to {@code out[offset ..]} the natural cubic spline through {@code row}'s kept slices, at every slice
     * (kept slices keep their value).
     */
    static void spline(double[] row, boolean[] known, double[] out, int offset) {
        int[] k = indices(known);
        int n = k.length;
        if (n < 2) {
            return;
        }
        // Second derivatives at the knots (tridiagonal solve, natural ends).
        double[] m2 = new double[n];
        double[] u = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double sig = (k[i] - k[i - 1]) / (double) (k[i + 1] - k[i - 1]);
            double p = sig * m2[i - 1] + 2;
            m2[i] = (sig - 1) / p;
            double d =
                    (row[k[i + 1]] - row[k[i]]) / (k[i + 1] - k[i]) - (row[k[i]] - row[k[i - 1]]) / (k[i] - k[i - 1]);
            u[i] = (6 * d / (k[i + 1] - k[i - 1]) - sig * u[i - 1]) / p;
        }
        m2[n - 1] = 0;
        for (int i = n - 2; i >= 0; i--) {
            m2[i] = m2[i] * m2[i + 1] + u[i];
        }
        for (int q = 0; q + 1 < n; q++) {
            double h = k[q + 1] - k[q];
            for (int j = k[q] + 1; j < k[q + 1]; j++) {
                double a = (k[q + 1] - j) / h;
                double b = (j - k[q]) / h;
                out[offset + j] = a * row[k[q]]
                        + b * row[k[q + 1]]
                        + ((a * a * a - a) * m2[q] + (b * b * b - b) * m2[q + 1]) * h * h / 6;
            }
        }
    }

    /** Marks slices {@code f .. f+c-1} kept on the grid of every {@code stride}-th from {@code f}, and the last. */
    static void grid(boolean[] known, int f, int c, int stride) {
        for (int j = f; j < f + c; j++) {
            known[j] = (j - f) % stride == 0 || j == f + c - 1;
        }
    }

    private static int[] indices(boolean[] known) {
        int n = 0;
        for (boolean b : known) {
            if (b) {
                n++;
            }
        }
        int[] k = new int[n];
        n = 0;
        for (int i = 0; i < known.length; i++) {
            if (known[i]) {
                k[n++] = i;
            }
        }
        return k;
    }
}
