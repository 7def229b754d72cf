package io.kiln.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What pax-web is configured to listen on, read from org.ops4j.pax.web as pax-web reads it. */
class HttpEndpointTest {
    static final String PORT = "org.osgi.service.http.port", SECURE = "org.osgi.service.http.port.secure";

    @Test
    void kilnsFileListensOnEveryAddressOnPort8080() {
        assertEquals(List.of(new HttpEndpoint("0.0.0.0", 8080, PORT)), HttpEndpoint.configured(Map.of(
                "org.osgi.service.http.enabled", "true", PORT, "8080", "org.ops4j.pax.web.listening.addresses", "0.0.0.0",
                "org.osgi.service.http.secure.enabled", "false", SECURE, "8443")));
    }

    @Test
    void keysLeftOutTakePaxWebsDefaults() {
        assertEquals(List.of(new HttpEndpoint("0.0.0.0", 8181, PORT)), HttpEndpoint.configured(Map.of()));
    }

    @Test
    void httpsAndSeveralAddressesGiveAnEndpointEach() {
        assertEquals(List.of(new HttpEndpoint("127.0.0.1", 80, PORT), new HttpEndpoint("10.0.0.5", 80, PORT),
                        new HttpEndpoint("127.0.0.1", 443, SECURE), new HttpEndpoint("10.0.0.5", 443, SECURE)),
                HttpEndpoint.configured(Map.of(PORT, 80, "org.ops4j.pax.web.listening.addresses", "127.0.0.1, 10.0.0.5",
                        "org.osgi.service.http.secure.enabled", Boolean.TRUE, SECURE, "443")));
    }

    @Test
    void disabledHttpAndAPortThatIsNoPortAreLeftOut() {
        assertEquals(List.of(), HttpEndpoint.configured(Map.of("org.osgi.service.http.enabled", "false")));
        assertEquals(List.of(), HttpEndpoint.configured(Map.of(PORT, "http")));
        assertEquals(List.of(), HttpEndpoint.configured(Map.of(PORT, "70000")));
    }
}
