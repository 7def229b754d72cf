package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.events.EventSource;
import io.kiln.api.events.HostEvents;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.net.MacAddress;
import io.kiln.api.net.SystemUuid;
import io.kiln.api.onboarding.BootStage;
import io.kiln.api.onboarding.Enrollment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /boot/ipxe: the iPXE script for the machine asking, identified by the {@code mac}, {@code uuid} and
 * {@code serial} parameters iPXE fills in (tried in that order; {@code arch} is logged only).
 *
 * <p>Without any identity it answers a one-line chain script that makes iPXE ask again with its identity filled in.
 * URLs in scripts use the scheme, host and port the client reached, so they work through whatever address it used.
 * The pattern is exact so that {@code /boot/loaders/*} stays free for {@link ArtifactServlet}.
 *
 * <p>{@code GET /boot/ipxe.sig?<the same query>}: Kiln's detached CMS signature of the script it served last for that
 * query (a script is rendered per request and carries a one-time token, so a signature is of exact bytes served),
 * for iPXE builds with {@code imgverify}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/boot/ipxe", "/boot/ipxe.sig"})
@HttpWhiteboardServletName("kiln-boot-ipxe")
public class IpxeScriptServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IpxeScriptServlet.class);

    /** iPXE's ${buildarch}: i386, x86_64, arm32, arm64, riscv64, ... */
    private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** What may go into a URL as the host part: a DNS name, IPv4, or bracketed IPv6. */
    private static final Pattern URL_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+]");
    private static final int MAX_SERIAL = 128;

    private final transient Inventory inventory;
    /** The unknown-device policy and discovery profile of etc/io.kiln.boot.cfg, as they are now. */
    private final transient Supplier<BootSettings> settings;
    private final transient Clock clock;
    /** Optional (kiln-onboarding): the agent's HTTPS URL, CA fingerprint and one-time token; whether the host boots from disk. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile transient Enrollment enrollment;
    /** Optional (kiln-pki): signs scripts for /boot/ipxe.sig. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile transient io.kiln.api.pki.Pki pki;
    /** Optional (kiln-events): the script served to a known host goes into its timeline. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile transient HostEvents timeline;
    /** The scripts served lately, by query, for their signatures: a few hundred, for a few minutes. */
    private final transient Map<String, ServedScript> served = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ServedScript> eldest) {
            return size() > 512;
        }
    });
    private static final long SIGNABLE_MILLIS = 10 * 60_000L;

    private record ServedScript(byte[] text, long atMillis) {
    }

    /** @param config etc/io.kiln.boot.cfg, asked on every request (a change applies in place, /boot/ipxe stays) */
    @Activate
    public IpxeScriptServlet(@Reference Inventory inventory, @Reference BootConfiguration config) {
        this(inventory, config::settings, Clock.systemUTC());
    }

    /** For tests: fixed settings; a refused value is replaced by its default ({@link BootConfiguration} says so). */
    IpxeScriptServlet(Inventory inventory, Map<String, ?> properties) {
        this(inventory, fixed(properties), Clock.systemUTC());
    }

    IpxeScriptServlet(Inventory inventory, Supplier<BootSettings> settings, Clock clock) {
        this.inventory = inventory;
        this.settings = settings;
        this.clock = clock;
    }

    private static Supplier<BootSettings> fixed(Map<String, ?> properties) {
        BootSettings s = BootSettings.read(properties);
        return () -> s;
    }

    /**
     * What iPXE said about itself; each part null when it was not given (iPXE sends unset settings as "").
     *
     * @param asked true when the identity parameters were in the query, even if empty (the chain script's answer)
     */
    record Identity(String mac, String uuid, String serial, String arch, boolean asked) {
        boolean isEmpty() {
            return mac == null && uuid == null && serial == null;
        }

        /** The first identity (the MAC when there is one), safe to print into a script or a log line. */
        String describe() {
            if (mac != null) return mac;
            if (uuid != null) return "UUID " + uuid;
            return serial != null ? "serial " + IpxeScripts.token(serial) : "no identity";
        }
    }

    /** A completely rendered script, and what the operator's log line says about it. */
    private record Script(String text, String host, String profile, String outcome) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/boot/ipxe.sig".equals(req.getServletPath())) {
            signature(req, resp);
            return;
        }
        Identity id;
        try {
            id = identity(req);
        } catch (IllegalArgumentException e) {
            LOG.info("iPXE script refused for {}: {}", req.getRemoteAddr(), e.getMessage());
            write(resp, 400, "bad request: " + e.getMessage() + "\n");
            return;
        }
        Script script;
        try {
            script = render(id, baseUrl(req));
        } catch (RuntimeException e) {
            // never a stack trace nor half a script to the client; the operator gets the details
            LOG.warn("iPXE script for {} ({}) failed", id, req.getRemoteAddr(), e);
            write(resp, 500, "Kiln could not render a script for this machine; see the Kiln log\n");
            return;
        }
        LOG.info("iPXE script served to {}: machine {} host={} profile={} arch={} ({})", req.getRemoteAddr(), id.describe(),
                script.host(), script.profile(), id.arch(), script.outcome());
        HostEvents t = timeline;
        if (t != null && script.host() != null) {
            t.record(script.host(), EventSource.HTTP, "ipxe-script", script.outcome() + (script.profile() == null ? "" : ", profile " + script.profile())
                    + ", to " + req.getRemoteAddr() + " (" + id.describe() + (id.arch() == null ? "" : ", " + id.arch()) + ")");
        }
        write(resp, 200, script.text());
        served.put(String.valueOf(req.getQueryString()), new ServedScript(script.text().getBytes(StandardCharsets.UTF_8), clock.millis()));
    }

    private void signature(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        io.kiln.api.pki.Pki signer = pki;
        if (signer == null) {
            write(resp, 503, "Kiln's PKI is not running: no signatures (kiln:status says why)\n");
            return;
        }
        ServedScript s = served.get(String.valueOf(req.getQueryString()));
        if (s == null || clock.millis() - s.atMillis() > SIGNABLE_MILLIS) {
            write(resp, 404, "no script was served for this query in the last 10 minutes: fetch /boot/ipxe?" + req.getQueryString()
                    + " first (each script is rendered for its request; the signature is of the bytes served)\n");
            return;
        }
        byte[] der;
        try {
            der = signer.signDetached(s.text());
        } catch (KilnException e) {
            write(resp, 503, "cannot sign: " + e.getMessage() + "\n");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/pkcs7-signature");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(der.length);
        resp.getOutputStream().write(der);
    }

    private Script render(Identity id, String baseUrl) {
        if (id.isEmpty()) {
            // answering the chain script's request with the chain script again would loop forever
            if (id.asked()) return new Script(IpxeScripts.exit("iPXE sent no mac, uuid or serial"), null, null, "empty identity: exit");
            return new Script(IpxeScripts.chain(baseUrl), null, null, "no identity: chain script");
        }
        HostContext host = find(id);
        if (host == null) {
            String who = "unknown machine " + id.describe();
            BootSettings s = settings.get();
            if (s.policy() == UnknownPolicy.IGNORE) {
                return new Script(IpxeScripts.exit(who + "; policy ignore"), null, null, "unknown, policy ignore: exit");
            }
            return profileScript(s.discoveryProfile(), null, id, baseUrl, who + " (policy discover)");
        }
        String name = host.host().name();
        Enrollment e = enrollment;
        String detached = e == null ? null : e.detached(name);
        if (detached != null) return new Script(IpxeScripts.exit("host '" + name + "': " + detached), name, null, "detached: exit to its disk");
        if (Quarantine.applies(inventory, name)) {
            BootSettings s = settings.get();
            if (s.quarantineProfile().isEmpty()) {
                return new Script(IpxeScripts.hold(Quarantine.explain(name, s), baseUrl, Quarantine.HOLD_SECONDS), name, null, "quarantined: held");
            }
            return profileScript(s.quarantineProfile(), host, id, baseUrl, "host '" + name + "' (quarantined)");
        }
        if (host.bootProfile() == null) {
            return new Script(IpxeScripts.exit("host '" + name + "' has " + host.boot().describe(host.host())), name, null, "no profile: exit");
        }
        return profileScript(host.bootProfile(), host, id, baseUrl, "host '" + name + "'");
    }

    private Script profileScript(String name, HostContext host, Identity id, String baseUrl, String subject) {
        String hostName = host == null ? null : host.host().name();
        Optional<BootProfile> profile = inventory.profile(name);
        if (profile.isEmpty()) {
            return new Script(IpxeScripts.exit("boot profile '" + name + "' does not exist (" + subject + ")"), hostName, name,
                    "profile missing: exit");
        }
        String withheld = InstallGate.withheld(host, profile.get());
        if (withheld != null) return new Script(IpxeScripts.exit(withheld), hostName, name, "no go-ahead to install: exit");
        Map<String, String> vars = variables(host == null ? null : host.host(), id, baseUrl);
        Enrollment e = enrollment;
        String outcome = "boot";
        if (e != null && profile.get().install() == io.kiln.api.inventory.InstallMethod.IMAGE) {
            BootStage stage = e.bootStage(hostName, baseUrl);
            if (stage.localBoot() != null) {
                return new Script(IpxeScripts.exit("host '" + hostName + "': " + stage.localBoot()), hostName, name, "installed: exit to its disk");
            }
            if (stage.httpsUrl() != null) vars.put("kiln.https", stage.httpsUrl());
            if (stage.caSha256() != null) vars.put("kiln.ca", stage.caSha256());
            if (stage.token() != null) vars.put("kiln.token", stage.token());
            if (stage.problem() != null) {
                outcome = "boot, but the agent cannot onboard: " + stage.problem();
                LOG.warn("iPXE script for {}: the agent it boots cannot onboard: {}", subject, stage.problem());
            }
        }
        String text = IpxeScripts.boot(profile.get(), subject, vars, baseUrl, clock.instant());
        return new Script(text, hostName, name, outcome);
    }

    /** Kiln's names win over the host's own variables; a name with no value is left for iPXE to expand. */
    static Map<String, String> variables(Host host, Identity id, String baseUrl) {
        Map<String, String> vars = new HashMap<>();
        if (host != null) vars.putAll(host.vars());
        String mac = id.mac() != null ? id.mac() : host != null ? host.macs().get(0) : null;
        String uuid = host != null && host.uuid() != null ? host.uuid() : id.uuid();
        String serial = host != null && host.serial() != null ? host.serial() : id.serial() == null ? null : IpxeScripts.token(id.serial());
        if (host != null) vars.put("host", host.name());
        if (mac != null) vars.put("mac", mac);
        if (uuid != null) vars.put("uuid", uuid);
        if (serial != null) vars.put("serial", serial);
        vars.put("kiln.url", baseUrl);
        return vars;
    }

    private HostContext find(Identity id) {
        return inventory.identify(id.mac(), id.uuid(), id.serial())
                .flatMap(m -> inventory.context(m.host().name())).orElse(null);
    }

    /** @throws IllegalArgumentException with a one-line reason for a malformed parameter */
    static Identity identity(HttpServletRequest req) {
        String mac = param(req, "mac");
        if (mac != null) {
            try {
                mac = MacAddress.canonical(mac);
            } catch (KilnException e) {
                throw new IllegalArgumentException("mac '" + clip(mac) + "' is not a MAC address (expected 52:54:00:12:34:56)");
            }
        }
        String uuid = param(req, "uuid");
        if (uuid != null) {
            String given = uuid;
            SystemUuid u = SystemUuid.tryParse(given)
                    .orElseThrow(() -> new IllegalArgumentException("uuid '" + clip(given) + "' is not a UUID"));
            uuid = u.isNil() ? null : u.value(); // firmware without a UUID: identifies nobody
        }
        String serial = param(req, "serial");
        if (serial != null && (serial.length() > MAX_SERIAL || serial.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("serial is longer than " + MAX_SERIAL + " characters or has control characters");
        }
        String arch = param(req, "arch");
        if (arch != null && !ARCH.matcher(arch).matches()) throw new IllegalArgumentException("arch '" + clip(arch) + "' is not an iPXE build architecture");
        boolean asked = req.getParameter("mac") != null || req.getParameter("uuid") != null || req.getParameter("serial") != null;
        return new Identity(mac, uuid, serial, arch, asked);
    }

    /** scheme://host:port as the client reached us (Host header, else the local address of the connection). */
    static String baseUrl(HttpServletRequest req) {
        String host = req.getServerName();
        int port = req.getServerPort();
        if (host == null || !URL_HOST.matcher(host).matches()) {
            host = req.getLocalAddr();
            port = req.getLocalPort();
            int scope = host.indexOf('%');
            if (scope >= 0) host = host.substring(0, scope);
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        return req.getScheme() + "://" + host + ":" + port;
    }

    private static String param(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String clip(String s) {
        String printable = IpxeScripts.printable(s);
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }

    private static void write(HttpServletResponse resp, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store"); // scripts follow the inventory; never serve a stale one
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
