package io.kiln.api.events;

import io.kiln.api.KilnException;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a host.
 *
 * @param id     increasing over all hosts in the order events were stored (a client following a timeline asks for
 *               what came after the last id it saw)
 * @param host   the host's name
 * @param at     when it happened
 * @param source which part of Kiln saw it
 * @param type   what, one lower-case word with dashes (e.g. {@code dhcp-ack}, {@code action-failed}, {@code quarantined})
 * @param detail the details, in words for an operator
 */
public record HostEvent(long id, String host, Instant at, EventSource source, String type, String detail) {
    public HostEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        if (type == null || !type.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw KilnException.invalid("event type '" + type + "' is not 1-64 lower-case letters, digits and dashes");
        }
        detail = detail == null ? "" : detail;
    }
}
