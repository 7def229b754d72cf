package io.kiln.workflow.internal;

import java.util.Map;

/** How one attempt of an action ended. */
record Outcome(Kind kind, String message, Map<String, String> details) {
    enum Kind { SUCCEEDED, FAILED, SKIPPED }

    Outcome {
        details = details == null ? Map.of() : Map.copyOf(details);
        message = message == null ? "" : message;
    }

    static Outcome ok(String message) {
        return new Outcome(Kind.SUCCEEDED, message, null);
    }

    static Outcome ok(String message, Map<String, String> details) {
        return new Outcome(Kind.SUCCEEDED, message, details);
    }

    static Outcome failed(String message) {
        return new Outcome(Kind.FAILED, message, null);
    }

    static Outcome skipped(String message) {
        return new Outcome(Kind.SKIPPED, message, null);
    }
}
