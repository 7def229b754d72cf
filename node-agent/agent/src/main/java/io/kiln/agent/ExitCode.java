package io.kiln.agent;

/** The process exit statuses (README.md documents them for operators and the micro-OS init). */
final class ExitCode {
    /** firstboot reported; run mode never ends on its own (after {@code done} it stays idle). */
    static final int OK = 0;
    /** a bug or an unforeseen failure: the message says what was being done. */
    static final int INTERNAL = 1;
    /** wrong command line, or kiln.https / kiln.ca missing, or unreadable configuration. */
    static final int USAGE = 2;
    /** the server's TLS certificate chain does not match the pinned CA fingerprint. */
    static final int PIN_REFUSED = 3;
    /** Kiln refused this machine for good (onboarding 400/403, agent API 401/403). */
    static final int REFUSED = 4;
    /** firstboot: Kiln did not accept the report within the retry window. */
    static final int GAVE_UP = 5;

    private ExitCode() {
    }
}
