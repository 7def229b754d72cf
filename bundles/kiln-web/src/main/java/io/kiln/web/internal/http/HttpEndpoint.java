package io.kiln.web.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An address and port pax-web is configured to listen on, with the key of {@code etc/org.ops4j.pax.web.cfg} that
 * sets the port (what an operator changes when another process holds it).
 *
 * @param address a listening address as configured, e.g. {@code 0.0.0.0}
 * @param port    the TCP port
 * @param portKey the configuration key of the port
 */
public record HttpEndpoint(String address, int port, String portKey) {
    /** The file operators edit; its PID is {@value #PID}. */
    public static final String FILE = "etc/org.ops4j.pax.web.cfg";
    public static final String PID = "org.ops4j.pax.web";
    static final String HTTP_ENABLED = "org.osgi.service.http.enabled";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTPS_ENABLED = "org.osgi.service.http.secure.enabled";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    // pax-web's own defaults for keys the file leaves out (Kiln's file sets 8080 and 0.0.0.0)
    private static final int DEFAULT_HTTP_PORT = 8181;
    private static final int DEFAULT_HTTPS_PORT = 8443;
    private static final String DEFAULT_ADDRESS = "0.0.0.0";

    /**
     * Every endpoint the configuration asks for, as pax-web reads it: HTTP (unless disabled) and HTTPS (when
     * enabled) on each listening address. A value that is no port leaves its endpoints out: pax-web refuses it too.
     */
    public static List<HttpEndpoint> configured(Map<String, ?> config) {
        List<String> addresses = new ArrayList<>();
        for (String a : text(config.get(ADDRESSES), DEFAULT_ADDRESS).split(",")) {
            if (!a.isBlank()) addresses.add(a.trim());
        }
        if (addresses.isEmpty()) addresses.add(DEFAULT_ADDRESS);
        List<HttpEndpoint> out = new ArrayList<>();
        if (Boolean.parseBoolean(text(config.get(HTTP_ENABLED), "true"))) add(out, addresses, config.get(HTTP_PORT), DEFAULT_HTTP_PORT, HTTP_PORT);
        if (Boolean.parseBoolean(text(config.get(HTTPS_ENABLED), "false"))) add(out, addresses, config.get(HTTPS_PORT), DEFAULT_HTTPS_PORT, HTTPS_PORT);
        return List.copyOf(out);
    }

    private static void add(List<HttpEndpoint> out, List<String> addresses, Object port, int byDefault, String key) {
        int p;
        try {
            p = Integer.parseInt(text(port, Integer.toString(byDefault)));
        } catch (NumberFormatException e) {
            return;
        }
        if (p < 0 || p > 65535) return;
        for (String a : addresses) out.add(new HttpEndpoint(a, p, key));
    }

    /** Config Admin hands strings from a .cfg file but typed values from elsewhere: read both alike. */
    private static String text(Object value, String byDefault) {
        if (value == null) return byDefault;
        String s = value.toString().trim();
        return s.isEmpty() ? byDefault : s;
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
