package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.boot.BootAction;
import io.kiln.api.boot.BootAdvisor;
import io.kiln.api.boot.BootDecision;
import io.kiln.api.boot.BootRequest;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.HostMatch;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.net.MacAddress;
import io.kiln.api.net.SystemUuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a network-booting machine gets, writing down each step in plain words: identify the host, apply the
 * unknown-device policy, send iPXE its script URL, else pick a loader from the option 93 table.
 */
@Component(service = BootAdvisor.class, configurationPid = BootConfig.PID)
@Designate(ocd = BootConfig.class)
public class BootAdvisorImpl implements BootAdvisor {

    private static final Logger LOG = LoggerFactory.getLogger(BootAdvisorImpl.class);
    /** Option 60 as EDK2 and iPXE send it: "PXEClient:Arch:00007:UNDI:003000". */
    private static final Pattern ARCH_IN_VENDOR_CLASS = Pattern.compile("^(?:PXEClient|HTTPClient):Arch:(\\d{5})");

    /** Where the client should fetch from: the address (next-server) and scheme://address:port (URLs). */
    private record Server(String address, String url) {
    }

    private final Inventory inventory;
    /** etc/io.kiln.boot.cfg; swapped whole on a change, read once per decision. */
    private volatile BootSettings settings;
    /** Optional (kiln-onboarding): whether an installed host's script sends it to its disk. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile io.kiln.api.onboarding.Enrollment enrollment;
    /** Optional (same bundle): the artifacts directory, to say when a profile's kernel or initrd is not there. */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile ArtifactConfiguration artifacts;
    private final Supplier<Optional<String>> localAddress;

    /** @param properties etc/io.kiln.boot.cfg; a refused value is replaced by its default ({@link BootConfiguration} says so) */
    @Activate
    public BootAdvisorImpl(@Reference Inventory inventory, Map<String, Object> properties) {
        this(inventory, properties, LocalAddress::firstNonLoopbackIpv4);
    }

    /** Why Kiln leaves this host alone (detached by an operator), or null; asked of onboarding while it runs. */
    private String detached(String hostName) {
        io.kiln.api.onboarding.Enrollment e = enrollment;
        return e == null ? null : e.detached(hostName);
    }

    /** @param localAddress the last resort for the server address (replaced in tests) */
    BootAdvisorImpl(Inventory inventory, Map<String, ?> properties, Supplier<Optional<String>> localAddress) {
        this.inventory = inventory;
        this.localAddress = localAddress;
        modified(properties);
    }

    /**
     * A changed etc/io.kiln.boot.cfg, applied in place: re-creating the advisor would restart the DHCP server and
     * the boot REST resource, which need it.
     */
    @Modified
    void modified(Map<String, ?> properties) {
        BootSettings s = BootSettings.read(properties);
        this.settings = s;
        LOG.info("Kiln boot policy: unknown devices '{}', URLs {}://{}:{}, loaders {}", s.policy().label(), s.scheme(),
                s.serverAddress().isEmpty() ? "<request address>" : s.serverAddress(), s.port(), s.loaders().values());
    }

    @Override
    public BootDecision decide(BootRequest request) {
        List<String> why = new ArrayList<>();
        try {
            return decide(request, why);
        } catch (RuntimeException e) {
            // the DHCP listener must keep serving whatever happens to one request
            LOG.warn("boot decision for {} failed", request, e);
            why.add("internal error (" + e + ") -> no answer; see the Karaf log");
            return ignore(null, null, why);
        }
    }

    private BootDecision decide(BootRequest r, List<String> why) {
        BootSettings s = settings;
        if (r == null) {
            why.add("no request");
            return ignore(null, null, why);
        }
        String mac;
        try {
            mac = MacAddress.canonical(r.mac());
        } catch (KilnException e) {
            why.add("invalid MAC: " + e.getMessage() + " -> no answer");
            return ignore(null, null, why);
        }

        // (1) who is it?
        String uuid = usableUuid(r.uuid(), why);
        HostContext host = identify(mac, uuid, why);

        // (2) unknown-device policy, or what the host boots now (its instance's profile, else its own, else its role's)
        String profile;
        String detached;
        if (host == null) {
            String unknown = "unknown MAC " + mac + (uuid == null ? "" : " and UUID " + uuid);
            if (s.policy() == UnknownPolicy.IGNORE) {
                why.add(unknown + "; unknown-device policy is 'ignore'");
                return ignore(null, null, why);
            }
            why.add(unknown + "; unknown-device policy is 'discover' -> profile '" + s.discoveryProfile() + "'");
            profile = s.discoveryProfile();
        } else if ((detached = detached(host.host().name())) != null) {
            why.add("note: host '" + host.host().name() + "': " + detached + "; the iPXE script will exit (the firmware boots the next device)");
            profile = null; // nothing of its profile is served: iPXE gets its script, which exits
        } else if (Quarantine.applies(inventory, host.host().name())) {
            why.add(Quarantine.explain(host.host().name(), s));
            profile = s.quarantineProfile().isEmpty() ? null : s.quarantineProfile();
        } else if (host.bootProfile() == null) {
            why.add("host has " + host.boot().describe(host.host()));
            return ignore(host.host().name(), null, why);
        } else {
            profile = host.bootProfile();
        }
        String hostName = host == null ? null : host.host().name();
        Optional<BootProfile> bootProfile = profile == null ? Optional.empty() : inventory.profile(profile);
        if (profile == null) {
            // held in iPXE: it gets iPXE and its script as any host does; the script holds it
        } else if (bootProfile.isEmpty()) {
            why.add("note: boot profile '" + profile + "' does not exist; the iPXE script will say so and exit");
        } else {
            String withheld = InstallGate.withheld(host, bootProfile.get());
            if (withheld != null) why.add("note: " + withheld + "; the iPXE script will exit (the firmware boots the next device)");
            io.kiln.api.onboarding.Enrollment e = enrollment;
            String local = e == null || hostName == null || bootProfile.get().install() != io.kiln.api.inventory.InstallMethod.IMAGE ? null
                    : e.localBoot(hostName);
            if (local != null) why.add("note: " + local + "; the iPXE script will exit (the firmware boots the next device)");
            ArtifactConfiguration a = artifacts;
            if (withheld == null && local == null && a != null) why.addAll(ProfileArtifacts.missing(bootProfile.get(), a.roots().artifacts()));
        }

        // (3) iPXE already: its script, never a loader again
        if (r.isIpxe()) {
            why.add("client runs iPXE (" + (r.userClasses().contains("iPXE") ? "user class iPXE" : "option 175")
                    + ") -> script URL, no loader (avoids a boot loop)");
            Server server = server(s, r, why);
            if (server == null) return ignore(hostName, profile, why);
            return new BootDecision(BootAction.IPXE_SCRIPT, server.url() + "/boot/ipxe?mac=" + mac, null,
                    LoaderTable.isHttpArch(r.arch()) ? "HTTPClient" : "PXEClient", hostName, profile, why);
        }

        // (4) firmware: a loader by architecture
        Integer arch = architecture(r, why);
        if (arch == null) return ignore(hostName, profile, why);
        LoaderRule rule = s.loaders().get(arch);
        if (rule == null) {
            why.add("option 93 arch " + arch + " is not in the loader table -> no answer");
            return ignore(hostName, profile, why);
        }
        String arrow = "option 93 arch " + arch + " (" + rule.label() + ") -> ";
        String via = rule.http() ? "HTTP loader " : "TFTP loader ";
        String file = rule.file();
        if (host != null && host.host().loader() != null) {
            why.add(arrow + (rule.supported() ? via + rule.file() : "no loader configured"));
            why.add("host override: loader " + host.host().loader());
            file = host.host().loader();
        } else if (!rule.supported()) {
            why.add(arrow + "no loader configured (unsupported architecture) -> no answer");
            return ignore(hostName, profile, why);
        } else {
            why.add(arrow + via + file);
        }
        Server server = server(s, r, why);
        if (server == null) return ignore(hostName, profile, why);
        if (rule.http()) {
            String url;
            if (isUrl(file)) {
                url = file;
            } else if (s.uefiHttpsBoot()) {
                // over TLS with Kiln's RSA boot certificate: the firmware must trust the boot CA (data/kiln/pki/boot-cacerts.esl)
                url = "https://" + server.address() + ":" + s.httpsPort() + "/boot/loaders/" + stripSlashes(file);
                why.add("uefiHttpsBoot = true: the loader over HTTPS (the firmware must trust Kiln's boot CA, kiln:pki-show)");
            } else {
                url = server.url() + "/boot/loaders/" + stripSlashes(file);
            }
            why.add("UEFI HTTP boot: boot file " + url + ", option 60 HTTPClient");
            return new BootDecision(BootAction.HTTP_LOADER, url, null, "HTTPClient", hostName, profile, why);
        }
        return new BootDecision(BootAction.TFTP_LOADER, file, server.address(), "PXEClient", hostName, profile, why);
    }

    private HostContext identify(String mac, String uuid, List<String> why) {
        Optional<HostMatch> match = inventory.identify(mac, uuid, null);
        if (match.isEmpty()) return null;
        Host h = match.get().host();
        HostContext c = inventory.context(h.name()).orElse(null);
        if (c == null) return null; // removed in between: unknown from now on
        why.add((match.get().key() == HostMatch.Key.MAC ? "" : "MAC " + mac + " is not registered; ")
                + match.get().describe() + " is host '" + h.name() + "' (" + (c.bootProfile() == null ? "no profile" : c.boot().describe(h)) + ")");
        return c;
    }

    /** Option 97 as a lookup key, or null when absent, all zeros (QEMU without -uuid) or malformed. */
    private static String usableUuid(String raw, List<String> why) {
        if (raw == null || raw.isBlank()) return null;
        SystemUuid u = SystemUuid.tryParse(raw.trim()).orElse(null);
        if (u != null && u.isNil()) {
            why.add("UUID is all zeros (firmware without one): not used");
            return null;
        }
        if (u == null) {
            why.add("UUID '" + raw + "' is malformed: not used");
            return null;
        }
        return u.value();
    }

    /** Option 93, else what option 60 says; null (with the reason) for machines that are not boot clients. */
    private static Integer architecture(BootRequest r, List<String> why) {
        if (r.arch() != null) return r.arch();
        String vc = r.vendorClass();
        if (vc != null) {
            Matcher m = ARCH_IN_VENDOR_CLASS.matcher(vc);
            if (m.find()) {
                int arch = Integer.parseInt(m.group(1));
                why.add("no option 93, but option 60 '" + vc + "' names arch " + arch);
                return arch;
            }
        }
        if (!r.isBootClient()) {
            why.add("no option 93 and " + (vc == null ? "no option 60" : "option 60 '" + vc + "'") + " -> not a PXE/HTTP boot client");
            return null;
        }
        boolean http = vc.startsWith("HTTPClient");
        int arch = http ? 16 : 0;
        why.add("no option 93, but option 60 says " + (http ? "HTTPClient" : "PXEClient") + " -> assuming arch " + arch
                + (http ? " (EFI x64 HTTP)" : " (BIOS)"));
        return arch;
    }

    /** The server to name in the answer, or null (with the reason) when no address can be found. */
    private Server server(BootSettings s, BootRequest r, List<String> why) {
        String addr;
        if (!s.serverAddress().isEmpty()) {
            addr = s.serverAddress();
            why.add("server address " + addr + " (configured serverAddress)");
        } else if (r.serverAddress() != null && !r.serverAddress().isBlank()) {
            addr = r.serverAddress().trim();
            why.add("server address " + addr + " (the address the request reached)");
        } else {
            Optional<String> local = localAddress.get();
            if (local.isEmpty()) {
                why.add("no server address: none configured, none in the request, and this machine has no "
                        + "non-loopback IPv4 address -> no answer (set serverAddress in etc/" + BootConfig.PID + ".cfg)");
                return null;
            }
            addr = local.get();
            why.add("server address " + addr + " (none configured or given by the request: first non-loopback IPv4 of this machine)");
        }
        return new Server(addr, s.scheme() + "://" + addr + ":" + s.port());
    }

    private static BootDecision ignore(String host, String profile, List<String> why) {
        return new BootDecision(BootAction.IGNORE, null, null, null, host, profile, why);
    }

    private static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://");
    }

    private static String stripSlashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') i++;
        return s.substring(i);
    }
}
