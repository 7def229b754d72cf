package io.kiln.api;

/** The one error type Kiln services throw at callers: a kind the surfaces map to exit codes and HTTP statuses, and a message meant for an operator. */
public class KilnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** The input is wrong; the message says which field and why (HTTP 400). */
        INVALID,
        /** The named thing does not exist (HTTP 404). */
        NOT_FOUND,
        /** The change collides with existing state, e.g. a duplicate name or MAC (HTTP 409). */
        CONFLICT,
        /** A backing resource failed (disk, socket); nothing was changed (HTTP 503). */
        UNAVAILABLE
    }

    private final Kind kind;

    public KilnException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public KilnException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static KilnException invalid(String message) {
        return new KilnException(Kind.INVALID, message);
    }

    public static KilnException notFound(String message) {
        return new KilnException(Kind.NOT_FOUND, message);
    }

    public static KilnException conflict(String message) {
        return new KilnException(Kind.CONFLICT, message);
    }
}
