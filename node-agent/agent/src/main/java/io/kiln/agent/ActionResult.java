package io.kiln.agent;

import java.util.Map;

/** An action's outcome as {@code POST .../result} carries it. */
record ActionResult(boolean ok, String message, Map<String, String> details) {
    static ActionResult ok(String message, Map<String, String> details) {
        return new ActionResult(true, message, details);
    }

    static ActionResult failed(String message) {
        return new ActionResult(false, message, Map.of());
    }
}
