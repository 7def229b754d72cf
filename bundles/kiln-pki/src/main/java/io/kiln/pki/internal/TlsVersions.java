package io.kiln.pki.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose engines, sockets and default parameters offer TLS 1.3 and 1.2 only, whatever the JVM's
 * {@code jdk.tls.disabledAlgorithms} allows: what Kiln's HTTPS endpoint speaks does not depend on the JVM's settings.
 */
final class TlsVersions extends SSLContextSpi {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext d;

    private TlsVersions(SSLContext delegate) {
        this.d = delegate;
    }

    /** The context, restricted; its provider and protocol name are the delegate's. */
    static SSLContext restrict(SSLContext delegate) {
        return new SSLContext(new TlsVersions(delegate), delegate.getProvider(), delegate.getProtocol()) {
        };
    }

    static String[] only(String[] protocols) {
        return Arrays.stream(protocols).filter(p -> Arrays.asList(PROTOCOLS).contains(p)).toArray(String[]::new);
    }

    private static SSLEngine restrict(SSLEngine e) {
        e.setEnabledProtocols(only(e.getSupportedProtocols()));
        return e;
    }

    private static Socket restrict(Socket s) {
        if (s instanceof SSLSocket t) t.setEnabledProtocols(only(t.getSupportedProtocols()));
        return s;
    }

    private static ServerSocket restrict(ServerSocket s) {
        if (s instanceof SSLServerSocket t) t.setEnabledProtocols(only(t.getSupportedProtocols()));
        return s;
    }

    private static SSLParameters restrict(SSLParameters p) {
        p.setProtocols(only(p.getProtocols()));
        return p;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        d.init(km, tm, sr);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new Sockets(d.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new ServerSockets(d.getServerSocketFactory());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return restrict(d.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return restrict(d.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return d.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return d.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return restrict(d.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return restrict(d.getSupportedSSLParameters());
    }

    /** Server sockets with TLS 1.3 and 1.2 enabled only. */
    private static final class ServerSockets extends SSLServerSocketFactory {
        private final SSLServerSocketFactory f;

        ServerSockets(SSLServerSocketFactory f) {
            this.f = f;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return f.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return f.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return restrict(f.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return restrict(f.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return restrict(f.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return restrict(f.createServerSocket(port, backlog, address));
        }
    }

    /** Client sockets (and server-mode sockets layered over accepted ones) with TLS 1.3 and 1.2 enabled only. */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory f;

        Sockets(SSLSocketFactory f) {
            this.f = f;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return f.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return f.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(f.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return restrict(f.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return restrict(f.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(f.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(f.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(f.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return restrict(f.createSocket(address, port, localAddress, localPort));
        }
    }
}
