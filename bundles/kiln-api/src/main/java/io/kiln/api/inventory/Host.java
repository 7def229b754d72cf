package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import io.kiln.api.net.Ipv4Address;
import io.kiln.api.net.MacAddress;
import io.kiln.api.net.SystemUuid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A machine Kiln knows: its identities (MACs, system UUID, serial), the boot profile it gets, and optional
 * per-host overrides (a static IPv4 reservation, a loader other than the architecture's default, variables).
 * Everything but {@code hardware} and {@code currentState} is the operator's (spec); those two are Kiln's
 * observations ({@link #status()}), stored and written apart. Use {@link #toBuilder()} to change a few fields.
 *
 * @param name    unique, DNS-label-like name
 * @param macs    canonical MAC addresses (at least one)
 * @param uuid    SMBIOS system UUID, lowercase, or null
 * @param serial  chassis serial number, or null
 * @param profile name of the boot profile, or null (the host is known but has nothing to boot)
 * @param ipv4    static reservation used in full DHCP mode, or null
 * @param loader  boot loader file that overrides the architecture table for this host, or null
 * @param vars    host variables (highest precedence), also rendered into the kernel command line as ${name}
 * @param site    site the host is at, or null
 * @param role    what it is for, or null
 * @param bmc     how to reach its BMC, or null
 * @param hardware discovered hardware facts (free key/values, filled by onboarding)
 * @param labels  free labels for selection
 * @param mode    ZTP / NON_ZTP for this host, or null to follow its site
 * @param desiredState  onboarding state the operator wants (default ONBOARDED)
 * @param currentState  onboarding state now (default REGISTERED)
 */
public record Host(String name, List<String> macs, String uuid, String serial, String profile, String ipv4,
                   String loader, Map<String, String> vars, String site, String role, Bmc bmc,
                   Map<String, String> hardware, Map<String, String> labels, ProvisioningMode mode,
                   OnboardingState desiredState, OnboardingState currentState) {

    public Host {
        name = Names.require("host name", name);
        if (macs == null || macs.isEmpty()) throw KilnException.invalid("host '" + name + "' needs at least one MAC address");
        LinkedHashSet<String> canon = new LinkedHashSet<>();
        for (String m : macs) canon.add(MacAddress.canonical(m));
        macs = List.copyOf(new ArrayList<>(canon));
        uuid = blankToNull(uuid);
        if (uuid != null) uuid = SystemUuid.canonical(uuid);
        serial = blankToNull(serial);
        profile = blankToNull(profile);
        if (profile != null) Names.require("profile name", profile);
        ipv4 = blankToNull(ipv4);
        if (ipv4 != null) Ipv4Address.parse(ipv4);
        loader = blankToNull(loader);
        vars = vars == null ? Map.of() : Map.copyOf(new TreeMap<>(vars));
        site = blankToNull(site);
        if (site != null) Names.require("site name", site);
        role = blankToNull(role);
        if (role != null) Names.require("role name", role);
        hardware = hardware == null ? Map.of() : Map.copyOf(new TreeMap<>(hardware));
        labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
        desiredState = desiredState == null ? OnboardingState.ONBOARDED : desiredState;
        currentState = currentState == null ? OnboardingState.REGISTERED : currentState;
    }

    /** A host with the boot slice's fields only (no site, role, BMC, ...). */
    public Host(String name, List<String> macs, String uuid, String serial, String profile, String ipv4, String loader,
                Map<String, String> vars) {
        this(name, macs, uuid, serial, profile, ipv4, loader, vars, null, null, null, null, null, null, null, null);
    }

    /** A host with identities and a profile only. */
    public static Host of(String name, List<String> macs, String profile) {
        return new Host(name, macs, null, null, profile, null, null, Map.of());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Kiln's observations of this host. */
    public HostStatus status() {
        return new HostStatus(name, currentState, hardware);
    }

    /** This host's spec with another status (null: the initial one). */
    public Host withStatus(HostStatus status) {
        HostStatus s = status == null ? HostStatus.initial(name) : status;
        return toBuilder().hardware(s.hardware()).currentState(s.currentState()).build();
    }

    /** A builder holding this host's fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder for a new host. */
    public static Builder builder(String name) {
        Builder b = new Builder(null);
        b.name = name;
        return b;
    }

    /** Builds a {@link Host} field by field (the record checks everything in {@link #build()}). */
    public static final class Builder {
        private String name;
        private List<String> macs;
        private String uuid;
        private String serial;
        private String profile;
        private String ipv4;
        private String loader;
        private Map<String, String> vars;
        private String site;
        private String role;
        private Bmc bmc;
        private Map<String, String> hardware;
        private Map<String, String> labels;
        private ProvisioningMode mode;
        private OnboardingState desiredState;
        private OnboardingState currentState;

        private Builder(Host h) {
            if (h == null) return;
            name = h.name; macs = h.macs; uuid = h.uuid; serial = h.serial; profile = h.profile; ipv4 = h.ipv4;
            loader = h.loader; vars = h.vars; site = h.site; role = h.role; bmc = h.bmc; hardware = h.hardware;
            labels = h.labels; mode = h.mode; desiredState = h.desiredState; currentState = h.currentState;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder macs(List<String> v) { macs = v; return this; }
        public Builder uuid(String v) { uuid = v; return this; }
        public Builder serial(String v) { serial = v; return this; }
        public Builder profile(String v) { profile = v; return this; }
        public Builder ipv4(String v) { ipv4 = v; return this; }
        public Builder loader(String v) { loader = v; return this; }
        public Builder vars(Map<String, String> v) { vars = v; return this; }
        public Builder site(String v) { site = v; return this; }
        public Builder role(String v) { role = v; return this; }
        public Builder bmc(Bmc v) { bmc = v; return this; }
        public Builder hardware(Map<String, String> v) { hardware = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        public Builder mode(ProvisioningMode v) { mode = v; return this; }
        public Builder desiredState(OnboardingState v) { desiredState = v; return this; }
        public Builder currentState(OnboardingState v) { currentState = v; return this; }

        public Host build() {
            return new Host(name, macs, uuid, serial, profile, ipv4, loader, vars, site, role, bmc, hardware, labels, mode,
                    desiredState, currentState);
        }
    }
}
