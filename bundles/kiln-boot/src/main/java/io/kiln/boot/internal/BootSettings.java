package io.kiln.boot.internal;

import io.kiln.config.ConfigFile;
import java.util.Locale;
import java.util.Map;

/**
 * etc/io.kiln.boot.cfg read and checked in one place, for {@link BootAdvisorImpl}, {@link IpxeScriptServlet} and
 * {@link BootConfiguration}, so the DHCP answer, the script and {@code kiln:status} agree. A refused value is
 * replaced by its default (booting goes on, the way a fresh install boots) and noted in {@link #file()}.
 *
 * @param file             the file as read: its refused values, unknown keys
 * @param policy           what unknown machines get
 * @param discoveryProfile their profile under {@link UnknownPolicy#DISCOVER}
 * @param scheme           {@code http} or {@code https}, in the URLs handed out
 * @param port             the HTTP port in those URLs
 * @param serverAddress    the configured IPv4 address, or empty: the request's
 * @param loaders          the option 93 table
 * @param uefiHttpsBoot    true: UEFI HTTP boot clients get the loader's https URL on Kiln's HTTPS port
 * @param httpsPort        that port (etc/io.kiln.https.cfg's)
 * @param quarantineProfile what a host its workflow quarantined boots: a profile's name, or empty: iPXE holds it
 *                         (see {@link Quarantine})
 */
record BootSettings(ConfigFile file, UnknownPolicy policy, String discoveryProfile, String scheme, int port,
                    String serverAddress, Map<Integer, LoaderRule> loaders, boolean uefiHttpsBoot, int httpsPort,
                    String quarantineProfile) {

    static BootSettings read(Map<String, ?> properties) {
        ConfigFile c = ConfigFile.of(BootConfig.PID, properties);
        UnknownPolicy policy = UnknownPolicy.valueOf(c.oneOf("unknownPolicy", "ignore", "ignore", "discover").toUpperCase(Locale.ROOT));
        String profile = c.string("discoveryProfile", "discovery");
        if (profile.isEmpty() && policy == UnknownPolicy.DISCOVER) {
            profile = c.refuse("discoveryProfile", profile, "a boot profile's name (unknownPolicy is 'discover')", "discovery");
        }
        String scheme = c.oneOf("httpScheme", "http", "http", "https");
        int port = c.integer("httpPort", 8080, 1, 65535);
        // next-server (siaddr) is an IPv4 field, so a host name would work for URLs but break TFTP answers
        String address = c.ipv4("serverAddress", "", true);
        Map<Integer, LoaderRule> loaders = LoaderTable.from(c);
        boolean https = c.bool("uefiHttpsBoot", false);
        int httpsPort = c.integer("httpsPort", 8443, 1, 65535);
        String quarantine = c.string("quarantineProfile", "");
        c.unknownKeys();
        return new BootSettings(c, policy, profile, scheme, port, address, loaders, https, httpsPort, quarantine);
    }
}
