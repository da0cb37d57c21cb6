package io.tonno.cli;

import io.tonno.imaging.InvalidInputException;
import io.tonno.tomography.IdentityMapScorer;
import io.tonno.tomography.PooledInputMapScorer;
import io.tonno.tomography.RadonSumScorer;
import io.tonno.tomography.SliceMapScorer;
import io.tonno.tomography.SliceScorer;
import java.util.Locale;

/**
 * The {@code --scorer} option of {@code tonno reconstruct}: what scores (one number per slice, for ToNNO) or
 * maps (one map per slice, for Averaged/Tomographic) the slices.
 *
 * <ul>
 *   <li>{@code radon-sum}: 4 × the slice mean (the approximate Radon transform), a scalar scorer;
 *   <li>{@code pooled:K}: the slice average-pooled to K×K, a map scorer;
 *   <li>{@code identity}: the slice itself, a map scorer.
 * </ul>
 * New scorers (a trained model, CAM methods) are new cases of {@link #parse}.
 */
public final class ScorerOption {
    private final String text;
    private final SliceScorer scalar;
    private final SliceMapScorer map;

    private ScorerOption(String text, SliceScorer scalar, SliceMapScorer map) {
        this.text = text;
        this.scalar = scalar;
        this.map = map;
    }

    /**
     * Parses a scorer specification.
     *
     * @throws InvalidInputException naming {@code --scorer} when the text is not a known scorer
     */
    public static ScorerOption parse(String text) throws InvalidInputException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("radon-sum")) {
            return new ScorerOption(t, new RadonSumScorer(), null);
        }
        if (t.equals("identity")) {
            return new ScorerOption(t, null, new IdentityMapScorer());
        }
        if (t.startsWith("pooled:")) {
            int k;
            try {
                k = Integer.parseInt(t.substring("pooled:".length()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("command line", "--scorer", "pooled:K needs an integer K, got '" + text + "'");
            }
            if (k < 1) {
                throw new InvalidInputException("command line", "--scorer", "pooled:K needs K >= 1, got " + k);
            }
            return new ScorerOption(t, null, new PooledInputMapScorer(k));
        }
        throw new InvalidInputException("command line", "--scorer",
                "unknown scorer '" + text + "'; expected radon-sum, pooled:K or identity");
    }

    /** The normalised specification text. */
    public String text() {
        return text;
    }

    /** True when this scorer gives one number per slice (usable by ToNNO). */
    public boolean isScalar() {
        return scalar != null;
    }

    /** True when this scorer gives a map per slice (usable by Averaged and Tomographic). */
    public boolean isMap() {
        return map != null;
    }

    /** The scalar scorer; {@link #isScalar()} must hold. */
    public SliceScorer scalar() {
        if (scalar == null) {
            throw new IllegalStateException(text + " is not a scalar scorer");
        }
        return scalar;
    }

    /** The map scorer; {@link #isMap()} must hold. */
    public SliceMapScorer map() {
        if (map == null) {
            throw new IllegalStateException(text + " is not a map scorer");
        }
        return map;
    }
}
