package io.kiln.web.internal.http;

/** Finds out whether an endpoint could be bound now, without keeping it. */
@FunctionalInterface
public interface PortProbe {
    BindOutcome probe(HttpEndpoint endpoint);
}
