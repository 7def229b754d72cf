package io.kiln.inventory.internal;

import io.kiln.api.KilnException;
import java.util.List;

/** One reason a change is refused, with the error kind it maps to. */
record Problem(KilnException.Kind kind, String message) {

    static Problem invalid(String message) {
        return new Problem(KilnException.Kind.INVALID, message);
    }

    static Problem conflict(String message) {
        return new Problem(KilnException.Kind.CONFLICT, message);
    }

    /** Throws all problems as one exception (kind of the first), or returns when there are none. */
    static void throwIfAny(List<Problem> problems) {
        if (problems.isEmpty()) return;
        StringBuilder sb = new StringBuilder(problems.get(0).message());
        for (int i = 1; i < problems.size() && i < 50; i++) sb.append("; ").append(problems.get(i).message());
        if (problems.size() > 50) sb.append("; ... and ").append(problems.size() - 50).append(" more");
        throw new KilnException(problems.get(0).kind(), sb.toString());
    }
}
