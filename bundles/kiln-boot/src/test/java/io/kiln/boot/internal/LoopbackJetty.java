package io.kiln.boot.internal;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;

/** A real Jetty on 127.0.0.1 and a free port, for the servlets a test adds to {@link #context}: kiln-boot's HTTP tests. */
final class LoopbackJetty {
    final Server server = new Server();
    final ServletContextHandler context = new ServletContextHandler();
    private final ServerConnector connector = new ServerConnector(server);

    LoopbackJetty() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setContextPath("/");
        server.setHandler(context);
    }

    LoopbackJetty start() throws Exception {
        server.start();
        return this;
    }

    /** http://127.0.0.1:PORT */
    String base() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    void stop() throws Exception {
        server.stop();
    }
}
