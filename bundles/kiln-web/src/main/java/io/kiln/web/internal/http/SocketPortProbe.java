package io.kiln.web.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Binds a server socket the way Jetty does ({@code SO_REUSEADDR}, so connections in TIME_WAIT do not count) and
 * closes it at once (it listens for that instant, never accepts): the bind fails exactly when Jetty's would.
 */
public final class SocketPortProbe implements PortProbe {
    @Override
    public BindOutcome probe(HttpEndpoint endpoint) {
        InetSocketAddress where = new InetSocketAddress(endpoint.address(), endpoint.port());
        if (where.isUnresolved()) return new BindOutcome(BindOutcome.Kind.OTHER, "unknown host " + endpoint.address());
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(where, 1);
            return BindOutcome.FREE;
        } catch (IOException | RuntimeException e) {
            return BindOutcome.of(e);
        }
    }
}
