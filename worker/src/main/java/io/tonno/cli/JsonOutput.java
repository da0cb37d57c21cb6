package io.tonno.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The JSON the command line prints: every verb and bench writes its objects through Jackson here, never by
 * hand, so that names and strings are escaped and a line always parses. Keys keep the order they were put in;
 * a number that is not finite is written as {@code null}; {@link #rounded} keeps a measured value to the
 * digits that mean something (printed plainly, {@code 0.5411}, not {@code 5.411E-1}).
 */
public final class JsonOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private JsonOutput() {}

    /** A new empty object whose keys keep their insertion order. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** {@code value} rounded half-even to {@code digits} decimals, or null when it is NaN or infinite. */
    public static BigDecimal rounded(double value, int digits) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_EVEN) : null;
    }

    /** One line of JSON for {@code value} (an {@link ObjectNode}, a map, a record). */
    public static String toLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Prints {@code value} as one JSON line on stdout and flushes, so that a long run can be followed line by line. */
    public static void line(Object value) {
        System.out.println(toLine(value));
        System.out.flush();
    }
}
