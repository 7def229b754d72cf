package io.kiln.onboarding.internal;

import io.kiln.api.status.Health;
import io.kiln.config.ConfigFile;
import java.util.Map;

/**
 * etc/io.kiln.https.cfg as read: whether the HTTPS endpoint runs, where it listens, and the port put into the URLs
 * machines are given. A refused value falls back to its default and is named in kiln:status.
 *
 * @param enabled   false: no HTTPS endpoint (agents cannot onboard)
 * @param port      TCP port (default 8443)
 * @param address   listening address (default 0.0.0.0: booting machines reach it from their networks)
 * @param problems  refused values, for kiln:status
 */
record HttpsSettings(boolean enabled, int port, String address, Health problems) {
    static final String PID = "io.kiln.https";

    static HttpsSettings read(Map<String, ?> properties) {
        ConfigFile c = ConfigFile.of(PID, properties == null ? Map.of() : properties);
        boolean enabled = c.bool("enabled", true);
        int port = c.integer("port", 8443, 1, 65535);
        String address = c.ipv4("address", "0.0.0.0", false);
        c.unknownKeys("[A-Za-z]+\\.target"); // the servlet reference's target, a component property
        return new HttpsSettings(enabled, port, address, c.health());
    }
}
