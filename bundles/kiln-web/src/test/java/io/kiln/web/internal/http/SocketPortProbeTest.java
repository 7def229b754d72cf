package io.kiln.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The probe against real sockets on loopback: a port another socket listens on is in use, a closed one free. */
class SocketPortProbeTest {
    final SocketPortProbe probe = new SocketPortProbe();

    @Test
    void aListeningPortIsInUseAndFreeOnceClosed() throws Exception {
        int port;
        HttpEndpoint e;
        try (ServerSocket other = new ServerSocket()) {
            other.setReuseAddress(true);
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = other.getLocalPort();
            e = new HttpEndpoint("127.0.0.1", port, "org.osgi.service.http.port");
            assertEquals(BindOutcome.Kind.IN_USE, probe.probe(e).kind());
            assertEquals(BindOutcome.Kind.IN_USE, probe.probe(new HttpEndpoint("0.0.0.0", port, "k")).kind(),
                    "the wildcard address clashes with a specific one, as Jetty's bind would");
        }
        assertEquals(BindOutcome.Kind.FREE, probe.probe(e).kind());
        assertEquals(BindOutcome.Kind.FREE, probe.probe(e).kind(), "the probe itself leaves the port free");
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsNamedAsSuch() {
        // TEST-NET-1 (RFC 5737): never a local address; the bind fails locally, nothing is sent
        assertEquals(BindOutcome.Kind.NO_SUCH_ADDRESS, probe.probe(new HttpEndpoint("192.0.2.1", 8080, "k")).kind());
    }

    @Test
    void outcomesReadAsOperatorAdvice() {
        HttpEndpoint e = new HttpEndpoint("0.0.0.0", 8080, "org.osgi.service.http.port");
        assertEquals("port 8080 on 0.0.0.0 is in use by another process",
                BindOutcome.of(new java.net.BindException("Address already in use")).problem(e));
        assertEquals("change org.osgi.service.http.port in etc/org.ops4j.pax.web.cfg", new BindOutcome(BindOutcome.Kind.IN_USE, "").advice(e));
        assertEquals("change org.ops4j.pax.web.listening.addresses in etc/org.ops4j.pax.web.cfg",
                BindOutcome.of(new java.net.BindException("Cannot assign requested address")).advice(e));
        assertEquals(BindOutcome.Kind.NOT_PERMITTED, BindOutcome.of(new java.net.BindException("Permission denied")).kind());
        assertEquals("port 8080 on 0.0.0.0 cannot be bound: boom", BindOutcome.of(new java.io.IOException("boom")).problem(e));
    }
}
