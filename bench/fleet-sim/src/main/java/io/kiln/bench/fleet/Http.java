package io.kiln.bench.fleet;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection, plain or TLS, kept alive between requests (as java.net.http keeps the node agent's), from
 * the node's own address. Blocking: a request holds a thread of the simulator's bounded pool only while it is on the
 * wire, never while the node waits. Not thread-safe: a node makes one request at a time.
 */
final class Http implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 15_000;
    static final int READ_TIMEOUT_MS = 60_000;

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetAddress local;
    private final InetSocketAddress remote;
    private final SSLContext tls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Connections this object opened (a reconnect after Kiln closed one counts). */
    int connects;

    /** @param local the node's address (null: any); @param tls null for plain HTTP */
    Http(InetAddress local, InetSocketAddress remote, SSLContext tls) {
        this.local = local;
        this.remote = remote;
        this.tls = tls;
    }

    Response get(String path, Map<String, String> headers) throws IOException {
        return exchange("GET", path, headers, null);
    }

    Response post(String path, Map<String, String> headers, String json) throws IOException {
        return exchange("POST", path, headers, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends on the kept connection; a connection Kiln closed while idle is opened again once (the request was not
     * sent: nothing was written before the failure). Any other failure closes the connection and is thrown.
     */
    Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        boolean fresh = socket == null;
        try {
            if (fresh) open();
            return once(method, path, headers, body);
        } catch (IOException e) {
            close();
            if (fresh || !(e instanceof EOFException || e instanceof java.net.SocketException)) throw e;
            open(); // an idle keep-alive connection the server had closed
            try {
                return once(method, path, headers, body);
            } catch (IOException e2) {
                close();
                throw e2;
            }
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (local != null) s.bind(new InetSocketAddress(local, 0));
            s.connect(remote, CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, remote.getHostString(), remote.getPort(), true);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = s.getOutputStream();
        connects++;
    }

    private Response once(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(remote.getHostString()).append(':').append(remote.getPort())
                .append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        if (body != null) sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body != null && body.length > 0) {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        } else {
            out.write(head);
        }
        out.flush();
        String status = line();
        if (status == null) throw new EOFException("connection closed before the answer");
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + status);
        int code = Integer.parseInt(parts[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            if (c > 0) h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        byte[] b;
        if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) throw new EOFException("chunked body cut");
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    for (String l = line(); l != null && !l.isEmpty(); l = line()) { } // trailers
                    break;
                }
                o.write(in.readNBytes(n));
                line();
            }
            b = o.toByteArray();
        } else if (h.containsKey("content-length")) {
            int n = Integer.parseInt(h.get("content-length"));
            b = in.readNBytes(n);
            if (b.length < n) throw new EOFException("body cut at " + b.length + " of " + n + " bytes");
        } else if (code == 204 || code == 304) {
            b = new byte[0];
        } else {
            b = in.readAllBytes();
            h.put("connection", "close");
        }
        if ("close".equalsIgnoreCase(h.get("connection"))) close();
        return new Response(code, h, b);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
