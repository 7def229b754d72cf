package io.kiln.store.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A store operation that failed for a reason outside the caller's control (database unreachable, disk full), kept
 * for the store's health until the same kind of operation succeeds again.
 *
 * @param what        what was attempted, e.g. "write host 'web-1'"
 * @param reason      the deepest cause, in one line
 * @param at          when
 * @param unreachable the database could not be reached (not: it refused the write, e.g. a full disk): any later
 *                    successful transaction shows it is back
 */
record StoreFault(String what, String reason, Instant at, boolean unreachable) {

    /** Whether the database could not be reached at all: no connection (SQLState class 08) or none in time from the pool. */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || e instanceof java.sql.SQLTransientConnectionException;
    }

    /**
     * Whether the database closed itself under this connection: H2's "database has been closed" (90098) and "called
     * at shutdown" (90121), and the general error of the failed file write that closes it.
     */
    static boolean databaseClosed(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("90098") || state.equals("90121")) return true;
        if (!state.equals("HY000") || !e.getClass().getName().startsWith("org.h2.")) return false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    /**
     * The outermost message, followed by the root cause's unless it already says it; only the first line of each
     * (H2 repeats its SQL and stack in its messages).
     */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String root = firstLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        String top = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (t == e || top.contains(root)) return top;
        // H2's "General error: MVStoreException: Writing to FileChannel@1a2b failed ..." says less than its cause
        return top.startsWith("General error") ? root : top + ": " + root;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
