package dev.flotilla.core.client;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/** No endpoint of the list gave an answer; {@link #failures()} says what happened at each one, in order. */
public class UnavailableException extends ClientException {

    /** What went wrong at one endpoint, in a few words ("connection refused", "timed out after 3s"). */
    public record Failure(URI endpoint, String reason) {
        @Override
        public String toString() {
            return endpoint + " (" + reason + ")";
        }

        /** True when the endpoint answered, but with a server error (HTTP 5xx). */
        public boolean answered() {
            return reason.startsWith("HTTP ");
        }
    }

    private final List<Failure> failures;

    public UnavailableException(List<Failure> failures, Throwable lastCause) {
        super(describe(failures), lastCause);
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }

    private static String describe(List<Failure> failures) {
        if (failures.size() == 1) {
            Failure f = failures.get(0);
            return f.answered() ? f.endpoint() + " failed with " + f.reason() : "cannot reach " + f;
        }
        return "no endpoint could serve the request: "
                + failures.stream().map(Failure::toString).collect(Collectors.joining(", "));
    }
}
