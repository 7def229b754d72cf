package io.kiln.web.internal.http;

import java.net.BindException;

/**
 * Whether a server could bind an endpoint now and, when not, why, in words an operator can act on.
 *
 * @param kind   free, or the reason it is not
 * @param detail the system's message when the reason is not one of the known ones, else empty
 */
public record BindOutcome(Kind kind, String detail) {
    /** The reasons a bind fails that Kiln explains. */
    public enum Kind { FREE, IN_USE, NO_SUCH_ADDRESS, NOT_PERMITTED, OTHER }

    public static final BindOutcome FREE = new BindOutcome(Kind.FREE, "");

    public BindOutcome {
        detail = detail == null ? "" : detail;
    }

    public boolean free() {
        return kind == Kind.FREE;
    }

    /**
     * Reads a failed bind. Java reports the errno only as the message of a {@link BindException}
     * ({@code Address already in use}, {@code Cannot assign requested address}, {@code Permission denied}).
     */
    public static BindOutcome of(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BindException) {
            if (m.contains("already in use")) return new BindOutcome(Kind.IN_USE, "");
            if (m.contains("assign requested address")) return new BindOutcome(Kind.NO_SUCH_ADDRESS, "");
            if (m.contains("Permission denied")) return new BindOutcome(Kind.NOT_PERMITTED, "");
        }
        return new BindOutcome(Kind.OTHER, m);
    }

    /** What is wrong with {@code e}, e.g. {@code port 8080 on 0.0.0.0 is in use by another process}. */
    public String problem(HttpEndpoint e) {
        return switch (kind) {
            case FREE -> "port " + e.port() + " on " + e.address() + " is free";
            case IN_USE -> "port " + e.port() + " on " + e.address() + " is in use by another process";
            case NO_SUCH_ADDRESS -> "address " + e.address() + " (port " + e.port() + ") is not an address of this machine";
            case NOT_PERMITTED -> "port " + e.port() + " on " + e.address() + " needs root or CAP_NET_BIND_SERVICE";
            case OTHER -> "port " + e.port() + " on " + e.address() + " cannot be bound: " + detail;
        };
    }

    /** What the operator can change instead of waiting, e.g. {@code change org.osgi.service.http.port in etc/...}. */
    public String advice(HttpEndpoint e) {
        String key = kind == Kind.NO_SUCH_ADDRESS ? HttpEndpoint.ADDRESSES : e.portKey();
        return "change " + key + " in " + HttpEndpoint.FILE;
    }
}
