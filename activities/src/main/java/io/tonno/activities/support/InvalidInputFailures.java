package io.tonno.activities.support;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.tonno.classifier.nn.Engines;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.Failures;

/**
 * Maps exceptions of the science modules to Temporal failures: {@link InvalidInputException}
 * (bad file, bad field) becomes a non-retryable {@code InvalidInput} failure carrying the message
 * (which names the file and field), so the workflow fails at once; anything else is left to
 * Temporal's retry policy.
 */
public final class InvalidInputFailures {
    private InvalidInputFailures() {}

    /** A body of an activity method that may throw the science modules' checked exceptions. */
    @FunctionalInterface
    public interface ActivityBody<T> {
        T run() throws Exception;
    }

    /** The non-retryable failure for {@code e}, with {@code source} and {@code field} as details. */
    public static ApplicationFailure toFailure(InvalidInputException e) {
        return ApplicationFailure.newNonRetryableFailureWithCause(
                e.getMessage(), Failures.INVALID_INPUT, e, e.source(), e.field());
    }

    /**
     * Runs {@code body}, mapping {@link InvalidInputException} with {@link #toFailure} and other
     * checked exceptions with {@link Activity#wrap} (retryable).
     */
    public static <T> T call(ActivityBody<T> body) {
        try {
            return body.run();
        } catch (InvalidInputException e) {
            throw toFailure(e);
        } catch (InvalidInputException.Unchecked e) {
            throw toFailure(e.getCause());
        } catch (Engines.MisconfiguredEngineException e) {
            // Never retried: every attempt on this worker would compute wrong numbers or fail again.
            throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), Failures.MISCONFIGURED_WORKER, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Activity.wrap(e);
        }
    }
}
