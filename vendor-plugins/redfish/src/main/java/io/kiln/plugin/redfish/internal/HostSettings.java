package io.kiln.plugin.redfish.internal;

import io.kiln.spi.vendor.BmcEndpoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One host's Redfish settings, read from its BMC address and the per-host properties, checked cheaply (no network):
 * every problem is one line naming the property, the value and what is allowed.
 *
 * @param base        {@code https://host[:port]} (from {@code redfish://} or {@code https://}) or {@code http://...}
 * @param systemId    the ComputerSystem's Id, or null: the only one
 * @param managerId   the Manager's Id for virtual media, or null: the system's manager, else the first with a CD
 * @param tlsSha256   the pinned certificate's SHA-256, 64 lower-case hex digits, or null
 * @param caFile      a PEM file of CA certificates to trust, or null
 * @param insecure    trust any certificate (only when the host says so)
 * @param timeout     how long one request may take
 * @param powerWait   how long a power action waits for the PowerState it asked for
 */
public record HostSettings(URI base, String systemId, String managerId, String tlsSha256, Path caFile, boolean insecure,
                           Duration timeout, Duration powerWait) {
    public static final String SYSTEM_ID = "redfish.systemId";
    public static final String MANAGER_ID = "redfish.managerId";
    public static final String TLS_SHA256 = "redfish.tlsSha256";
    public static final String CA_FILE = "redfish.caFile";
    public static final String INSECURE = "redfish.insecure";
    public static final String TIMEOUT = "redfish.timeoutSeconds";
    public static final String POWER_WAIT = "redfish.powerWaitSeconds";
    static final int DEFAULT_TIMEOUT = 10;
    public static final int DEFAULT_POWER_WAIT = 20;

    /** What each per-host property means (the plugin's {@code hostProperties()}). */
    public static final Map<String, String> PROPERTIES = properties();

    private static Map<String, String> properties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SYSTEM_ID, "Id of the ComputerSystem under /redfish/v1/Systems to drive (default: the only one)");
        m.put(MANAGER_ID, "Id of the Manager under /redfish/v1/Managers whose virtual media to use (default: the system's manager, "
                + "else the first with a CD)");
        m.put(TLS_SHA256, "SHA-256 fingerprint of the BMC's TLS certificate (64 hex digits, colons allowed): trust exactly that certificate");
        m.put(CA_FILE, "PEM file of CA certificates that signed the BMC's TLS certificate (host name checked)");
        m.put(INSECURE, "true: trust any TLS certificate (no protection against impostors; never the default)");
        m.put(TIMEOUT, "seconds one Redfish request may take, 1..120 (default " + DEFAULT_TIMEOUT + ")");
        m.put(POWER_WAIT, "seconds a power action waits for the PowerState it asked for, 0..600 (default " + DEFAULT_POWER_WAIT
                + "; 0: return once the BMC took the reset)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** What is wrong with this endpoint's settings, one line each; empty when it can be used. */
    public static List<String> problems(BmcEndpoint bmc) {
        List<String> out = new ArrayList<>();
        parse(bmc, out);
        return out;
    }

    /** The settings, or an IllegalArgumentException whose message lists the problems. */
    public static HostSettings of(BmcEndpoint bmc) {
        List<String> out = new ArrayList<>();
        HostSettings s = parse(bmc, out);
        if (!out.isEmpty()) throw new IllegalArgumentException(String.join("; ", out));
        return s;
    }

    private static HostSettings parse(BmcEndpoint bmc, List<String> out) {
        Map<String, String> p = bmc.properties();
        URI base = base(bmc.address(), out);
        String systemId = id(p, SYSTEM_ID, out);
        String managerId = id(p, MANAGER_ID, out);
        String pin = p.get(TLS_SHA256);
        if (pin != null) {
            String hex = pin.replace(":", "").trim().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                out.add(TLS_SHA256 + " '" + pin + "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
                pin = null;
            } else {
                pin = hex;
            }
        }
        Path ca = null;
        String caText = p.get(CA_FILE);
        if (caText != null) {
            ca = Path.of(caText.trim());
            if (!ca.isAbsolute()) out.add(CA_FILE + " '" + caText + "' must be an absolute path");
            else if (!Files.isReadable(ca)) out.add(CA_FILE + " '" + caText + "' is not a readable file");
        }
        boolean insecure = false;
        String ins = p.get(INSECURE);
        if (ins != null) {
            if (ins.trim().equalsIgnoreCase("true")) insecure = true;
            else if (!ins.trim().equalsIgnoreCase("false")) out.add(INSECURE + " '" + ins + "' must be true or false");
        }
        if (insecure && (pin != null || caText != null)) {
            out.add(INSECURE + "=true contradicts " + (pin != null ? TLS_SHA256 : CA_FILE) + ": trust one way only");
        }
        if (pin != null && caText != null) out.add(TLS_SHA256 + " and " + CA_FILE + " are both set: trust one way only");
        if (base != null && base.getScheme().equals("http") && (pin != null || caText != null || insecure)) {
            out.add("BMC address " + bmc.address() + " is plain http://: the TLS settings (" + TLS_SHA256 + ", " + CA_FILE + ", "
                    + INSECURE + ") do not apply; use https:// or redfish://");
        }
        int timeout = seconds(p, TIMEOUT, DEFAULT_TIMEOUT, 1, 120, out);
        int wait = seconds(p, POWER_WAIT, DEFAULT_POWER_WAIT, 0, 600, out);
        return base == null ? null : new HostSettings(base, systemId, managerId, pin, ca, insecure, Duration.ofSeconds(timeout), Duration.ofSeconds(wait));
    }

    /** {@code redfish://h} and {@code https://h} mean HTTPS; {@code http://h} plain HTTP. Any path is dropped. */
    static URI base(String address, List<String> out) {
        String a = address.trim();
        String scheme;
        String rest;
        if (a.regionMatches(true, 0, "redfish://", 0, 10)) {
            scheme = "https";
            rest = a.substring(10);
        } else if (a.regionMatches(true, 0, "https://", 0, 8)) {
            scheme = "https";
            rest = a.substring(8);
        } else if (a.regionMatches(true, 0, "http://", 0, 7)) {
            scheme = "http";
            rest = a.substring(7);
        } else {
            out.add("BMC address '" + address + "' is not redfish://HOST[:PORT], https://HOST[:PORT] or http://HOST[:PORT]");
            return null;
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        try {
            URI u = new URI(scheme + "://" + authority);
            if (u.getHost() == null || authority.contains("@")) throw new java.net.URISyntaxException(authority, "no host");
            return u;
        } catch (java.net.URISyntaxException e) {
            out.add("BMC address '" + address + "' has no valid host[:port]");
            return null;
        }
    }

    private static String id(Map<String, String> p, String key, List<String> out) {
        String v = p.get(key);
        if (v == null || v.isBlank()) return null;
        if (!v.trim().matches("[A-Za-z0-9._:-]+")) {
            out.add(key + " '" + v + "' is not a Redfish Id (letters, digits, . _ : -)");
            return null;
        }
        return v.trim();
    }

    private static int seconds(Map<String, String> p, String key, int def, int min, int max, List<String> out) {
        String v = p.get(key);
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        out.add(key + " '" + v + "' must be a whole number of seconds, " + min + ".." + max);
        return def;
    }
}
