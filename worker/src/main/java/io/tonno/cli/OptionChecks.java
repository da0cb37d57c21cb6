package io.tonno.cli;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.label.Connectivity;
import java.util.ArrayList;
import java.util.List;

/** Turns bad command-line values into {@link InvalidInputException}s naming the option (exit code 2). */
public final class OptionChecks {
    private OptionChecks() {}

    /** A parser that reports bad input with {@link IllegalArgumentException}. */
    public interface Parser<T> {
        T parse();
    }

    /** {@code p}'s value; its {@link IllegalArgumentException} becomes an error naming {@code option}. */
    public static <T> T parse(String option, Parser<T> p) throws InvalidInputException {
        try {
            return p.parse();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", option, e.getMessage());
        }
    }

    /** A parser of one value of a list option; reports bad input with {@link IllegalArgumentException}. */
    public interface ValueParser<T> {
        T parse(String value);
    }

    /** Each of {@code values} parsed by {@code p}, in order; the first bad one is an error naming {@code option}. */
    public static <T> List<T> parseEach(String option, List<String> values, ValueParser<T> p)
            throws InvalidInputException {
        List<T> parsed = new ArrayList<>();
        for (String v : values) {
            parsed.add(parse(option, () -> p.parse(v)));
        }
        return parsed;
    }

    /** Fails with {@code problem} naming {@code option} unless {@code ok}. */
    public static void check(boolean ok, String option, String problem) throws InvalidInputException {
        if (!ok) {
            throw new InvalidInputException("command line", option, problem);
        }
    }

    /** 6, 18 or 26 neighbours. */
    public static Connectivity connectivity(String option, int neighbours) throws InvalidInputException {
        return switch (neighbours) {
            case 6 -> Connectivity.SIX;
            case 18 -> Connectivity.EIGHTEEN;
            case 26 -> Connectivity.TWENTY_SIX;
            default ->
                throw new InvalidInputException("command line", option, "must be 6, 18 or 26, got " + neighbours);
        };
    }
}
