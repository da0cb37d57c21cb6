package io.tonno.imaging;

/**
 * The one checked exception for input that can never succeed on retry: a malformed file, an absurd
 * size, a bad manifest or spec. Its message always names the file (or spec) and the field at fault,
 * so that a user can fix the input without reading code. Activities map it to a non-retryable
 * Temporal failure.
 */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String field;

    /**
     * @param source the file path, manifest or spec name the problem is in
     * @param field  the header field, column, JSON path or property at fault
     * @param problem what is wrong, in a sentence fragment ("must be > 0, got -3")
     */
    public InvalidInputException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    /** The same, caused by {@code cause} (may be null). */
    public InvalidInputException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + field + ": " + problem, cause);
        this.source = source;
        this.field = field;
    }

    /** The file, manifest or spec the problem is in. */
    public String source() {
        return source;
    }

    /** The field, column or JSON path at fault. */
    public String field() {
        return field;
    }

    /** This exception as an unchecked one, for code paths whose interface declares none (a slice scorer). */
    public Unchecked unchecked() {
        return new Unchecked(this);
    }

    /**
     * An {@link InvalidInputException} carried through an interface that declares no checked exception; callers
     * that map bad input (activities, the command line) unwrap it with {@link #getCause()}.
     */
    public static final class Unchecked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unchecked(InvalidInputException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized InvalidInputException getCause() {
            return (InvalidInputException) super.getCause();
        }
    }
}
