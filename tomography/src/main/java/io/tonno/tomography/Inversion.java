package io.tonno.tomography;

import io.tonno.imaging.SpecName;
import java.util.Locale;

/**
 * How one direction's slice scores become the profile that {@link SinogramBackprojector} spreads back along that
 * direction: the paper's inversion or one of its variants for saturating classifiers (docs/tomography.md,
 * "Saturation"). Every variant acts on each direction's row of {@code M+2} scores on its own and is linear in the
 * (re-mapped) scores, so the backprojections of chunks of directions still add up to that of the whole.
 *
 * <p>For a direction {@code l} of solid-angle weight {@code w_l}, scores {@code p_m} at {@code s_m},
 * {@code m = -1..M}, spacing {@code Δs}, and {@code f} the score map ({@code f(p) = p}, or the sigmoid), the
 * backprojected profile at {@code s_k}, {@code k = 0..M-1}, is
 * <ul>
 *   <li>{@link Filter#PAPER}: {@code -w_l/(8π²) · (f_{k+1} + f_{k-1} - 2 f_k)/Δs²}, the 3D inverse Radon transform
 *       ({@code method.md} §6);
 *   <li>{@link Filter#BACKPROJECTION}: {@code w_l/(4π) · (f_k - f_ref)} with {@code f_ref = (f_{-1} + f_M)/2}, the
 *       two outermost slices' level; the heatmap at {@code x} is then the mean over directions of the score of the
 *       plane through {@code x}, less that of an empty plane;
 *   <li>{@link Filter#FRACTIONAL}: {@code K_α w_l · (D_α f)_k}, {@code D_α} the power {@code α/2} of the
 *       second difference: the symbol {@code ((2/Δs) sin(ωΔs/2))^α}, whose kernel is the fractional centred
 *       difference {@code g_j = (-1)^j Γ(α+1)/(Γ(α/2-j+1) Γ(α/2+j+1)) / Δs^α}, applied to the row extended by its end
 *       values (exactly: the tails beyond the row are summed in closed form), and
 *       {@code K_α = (4π)^(α/2-1) (8π²)^(-α/2)}. {@code α = 2} is the paper's inversion, {@code α → 0} tends to the
 *       plain backprojection; in between, a step in {@code s} (a saturated classifier) is spread over a width that
 *       grows as {@code α} falls.
 * </ul>
 *
 * @param filter the filter along {@code s}
 * @param alpha  the order of {@link Filter#FRACTIONAL}, in {@code (0, 2]}; {@code 2} for the paper, {@code 0} for the
 *               plain backprojection
 * @param scores the score map applied before the filter
 */
public record Inversion(Filter filter, double alpha, ScoreMap scores) {
    /** The filter along the slice offset. */
    public enum Filter implements SpecName {
        /** The second derivative of the 3D inverse Radon transform. */
        PAPER,
        /** No filter: the plain (unfiltered) backprojection of the scores. */
        BACKPROJECTION,
        /** A fractional derivative of order {@code alpha} between the two. */
        FRACTIONAL
    }

    /** The monotone re-mapping of the network's scores before the filter. */
    public enum ScoreMap implements SpecName {
        /** The scores as they are (the network's logits). */
        LOGIT,
        /** {@code 1/(1+exp(-p))}: the slice's probability. */
        SIGMOID
    }

    /** The paper's inversion of the logits. */
    public static final Inversion PAPER = new Inversion(Filter.PAPER, 2, ScoreMap.LOGIT);

    public Inversion {
        if (filter == null || scores == null) {
            throw new IllegalArgumentException("inversion filter and score map are required");
        }
        if (filter == Filter.FRACTIONAL && !(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("fractional inversion order must be in (0, 2], got " + alpha);
        }
        if (filter == Filter.PAPER) {
            alpha = 2;
        } else if (filter == Filter.BACKPROJECTION) {
            alpha = 0;
        }
    }

    /**
     * Reads the spec and command-line form: {@code paper}, {@code backprojection} or {@code fractional:ALPHA}, and the
     * score map {@code logit} or {@code sigmoid}.
     *
     * @param field names the option in the error, e.g. {@code methods[2].inversion}
     * @throws IllegalArgumentException naming {@code field} and the accepted values
     */
    public static Inversion parse(String filterText, String scoresText, String field) {
        ScoreMap map = scoresText == null
                ? ScoreMap.LOGIT
                : SpecName.parse(ScoreMap.class, scoresText, "score map of " + field);
        if (filterText == null) {
            return new Inversion(Filter.PAPER, 2, map);
        }
        String t = filterText.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("fractional:")) {
            double a;
            try {
                a = Double.parseDouble(t.substring("fractional:".length()));
            } catch (NumberFormatException e) {
                a = Double.NaN;
            }
            if (!(a > 0 && a <= 2)) {
                throw new IllegalArgumentException(
                        field + ": '" + filterText + "' is not fractional:ALPHA with a number ALPHA in (0, 2]");
            }
            return new Inversion(Filter.FRACTIONAL, a, map);
        }
        if (t.equals(Filter.PAPER.id()) || t.equals(Filter.BACKPROJECTION.id())) {
            Filter f = SpecName.parse(Filter.class, t, field);
            return new Inversion(f, f == Filter.PAPER ? 2 : 0, map);
        }
        throw new IllegalArgumentException(
                field + ": unknown inversion '" + filterText + "', expected paper, backprojection or fractional:ALPHA");
    }

    /**
     * Reads the one-word form of the command line ({@code tonno compare --tonno-inversions},
     * {@code tonno bench saturation --variants}): {@code FILTER} or {@code FILTER+sigmoid}, e.g.
     * {@code backprojection+sigmoid}, {@code fractional:0.5}.
     */
    public static Inversion parseVariant(String text, String field) {
        String t = text == null ? "" : text.trim();
        boolean sigmoid = t.endsWith("+sigmoid");
        return parse(
                sigmoid ? t.substring(0, t.length() - "+sigmoid".length()) : t, sigmoid ? "sigmoid" : "logit", field);
    }

    /** The one-word form read by {@link #parseVariant}: {@code paper}, {@code backprojection+sigmoid}. */
    public String variantId() {
        return filterId() + (scores == ScoreMap.SIGMOID ? "+sigmoid" : "");
    }

    /** The filter as written in specs: {@code paper}, {@code backprojection}, {@code fractional:1}. */
    public String filterId() {
        return filter == Filter.FRACTIONAL ? "fractional:" + number(alpha) : filter.id();
    }

    private static String number(double a) {
        return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
    }

    /** The constant {@code K_α} of the fractional filter (and of the paper's and the plain one at 2 and 0). */
    static double constant(double alpha) {
        return Math.pow(4 * Math.PI, alpha / 2 - 1) * Math.pow(8 * Math.PI * Math.PI, -alpha / 2);
    }

    /**
     * The fractional centred difference {@code g_0..g_{n-1}} of order {@code alpha} for unit spacing ({@code g_{-j} =
     * g_j}): {@code g_0 = Γ(α+1)/Γ(α/2+1)²}, {@code g_{j+1} = g_j (j - α/2)/(j + α/2 + 1)}; then, at
     * {@code n..2n-1}, the tails {@code t_j = Σ_{i ≥ j} g_i} for {@code j = 0..n-1}, exactly: the whole kernel sums to
     * 0 for {@code α > 0}, so {@code t_j = -g_0/2 - Σ_{1 ≤ i < j} g_i} for {@code j ≥ 1}.
     */
    static double[] kernel(double alpha, int n) {
        double[] g = new double[2 * n];
        g[0] = Math.exp(logGamma(alpha + 1) - 2 * logGamma(alpha / 2 + 1));
        for (int j = 0; j + 1 < n; j++) {
            g[j + 1] = g[j] * (j - alpha / 2) / (j + alpha / 2 + 1);
        }
        g[n] = 0.5 * g[0];
        double t = -0.5 * g[0];
        for (int j = 1; j < n; j++) {
            g[n + j] = t;
            t -= g[j];
        }
        return g;
    }

    /**
     * Writes the profile {@code q_0..q_{M-1}} of one direction, its weight {@code w_l} included, into {@code out}.
     *
     * @param row    the sinogram's scores, {@code M+2} values from {@code offset}
     * @param work   scratch of at least {@code M+2} values
     * @param kernel {@link #kernel} of this inversion's order for {@code n = M+2} (fractional only)
     */
    void profile(
            double[] row, int offset, int m, double ds, double weight, double[] work, double[] kernel, double[] out) {
        int n = m + 2;
        for (int i = 0; i < n; i++) {
            double p = row[offset + i];
            work[i] = scores == ScoreMap.SIGMOID ? 1 / (1 + Math.exp(-p)) : p;
        }
        switch (filter) {
            case PAPER -> {
                // Written as before the variants existed, so that the paper's heatmaps stay the same to the bit.
                double c = SinogramBackprojector.INVERSION_CONSTANT * weight / (ds * ds);
                for (int k = 0; k < m; k++) {
                    // f at slice k sits at index k + 1.
                    out[k] = c * (work[k + 2] + work[k] - 2 * work[k + 1]);
                }
            }
            case BACKPROJECTION -> {
                double ref = 0.5 * (work[0] + work[n - 1]);
                double c = constant(0) * weight;
                for (int k = 0; k < m; k++) {
                    out[k] = c * (work[k + 1] - ref);
                }
            }
            case FRACTIONAL -> {
                double c = constant(alpha) * weight / Math.pow(ds, alpha);
                double left = work[0];
                double right = work[n - 1];
                for (int k = 0; k < m; k++) {
                    int at = k + 1;
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += kernel[Math.abs(at - i)] * work[i];
                    }
                    // Indices i < 0 and i >= n hold the end values; their kernel sums are tails of g.
                    sum += left * kernel[n + at + 1] + right * kernel[n + n - at];
                    out[k] = c * sum;
                }
            }
        }
    }

    /** {@code ln Γ(x)} for {@code x > 0} (Lanczos, g = 7, 9 terms; relative error below 1e-14). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        double y = x - 1;
        double a = c[0];
        double t = y + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
