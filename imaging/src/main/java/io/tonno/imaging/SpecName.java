package io.tonno.imaging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum whose constants are the values of an option in specs and on the command line. A constant is
 * written as its name in lower case with {@code -} for {@code _} ({@code FROZEN_BN} is {@code frozen-bn});
 * {@link #parse} reads it back, ignoring case and surrounding blanks, and names the option and the
 * accepted values when it cannot.
 */
public interface SpecName {
    /** The enum constant's name ({@link Enum#name()}). */
    String name();

    /** The name written in specs and on the command line. */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} written {@code text}.
     *
     * @param option what the value is, for the message ({@code "architecture"})
     * @throws IllegalArgumentException naming the option, the value and the accepted values
     */
    static <E extends Enum<E> & SpecName> E parse(Class<E> type, String text, String option) {
        return find(type, text)
                .orElseThrow(() -> new IllegalArgumentException("unknown " + option + " '" + text + "', expected "
                        + Arrays.stream(type.getEnumConstants())
                                .map(SpecName::id)
                                .collect(Collectors.joining(", ", "", ""))));
    }

    /**
     * The constant of {@code type} written {@code text}, ignoring case and surrounding blanks; empty when there is
     * none (for options that word their own error or have none).
     */
    static <E extends Enum<E> & SpecName> Optional<E> find(Class<E> type, String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(wanted)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
