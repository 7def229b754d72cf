package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.DriverPlan;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.SiteNetwork;
import io.kiln.api.net.Ipv4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the nested variable map the provisioning templates read (kiln-templates' README has the contract) from a
 * host, its site, role, cluster, profile and its resolved variables (host > cluster > role > site > global).
 *
 * <p>Inventory variables are flat strings. Resolved variables named like the template's site-level keys
 * ({@code domain}, {@code dns}, {@code ntp}, {@code ssh_keys}, {@code timezone}, {@code proxy}, ...) become
 * {@code site.*}; {@code dns}, {@code ntp} and {@code ssh_keys} are lists separated by commas (SSH keys also by
 * newlines); {@code packages} adds to the role's packages; {@code install.*} and {@code nic.N.name} /
 * {@code gateway} / {@code mtu} shape the install and network sections. Everything is also under {@code vars}.
 * The host's driver plan, when there is one, is {@code drivers}.
 */
final class ProvisioningVariables {
    private static final Set<String> SITE_KEYS = Set.of("domain", "dns", "ntp", "ssh_keys", "timezone", "proxy", "admin_user",
            "password_hash", "locale", "keyboard");
    private static final Set<String> LISTS = Set.of("dns", "ntp", "ssh_keys");
    /**
     * What the built-in templates get for site keys nobody set, so a fresh install renders every file (README:
     * "Variables the built-in templates read"): empty lists leave DNS to DHCP, NTP to the installer's default, and
     * log-in to whoever adds ssh_keys.
     */
    static final Map<String, String> SITE_DEFAULTS = Map.of("domain", "localdomain", "timezone", "Etc/UTC", "dns", "", "ntp", "",
            "ssh_keys", "");

    private ProvisioningVariables() {
    }

    /** Words a plugin's answer may put into an installer file; anything else is left out (and logged by the caller). */
    static final java.util.regex.Pattern PACKAGE = java.util.regex.Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9._+:-]*"),
            MODULE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*"),
            KERNEL_ARG = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._,:=/+-]*"),
            FIRMWARE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+-]*");

    /** @param profile the profile the host boots now (the context names it), or null */
    static Map<String, Object> build(HostContext context, BootProfile profile, String kilnUrl) {
        return build(context, profile, kilnUrl, null);
    }

    /**
     * @param profile the profile the host boots now (the context names it), or null
     * @param drivers the host's driver plan, or null (no hardware service): {@code drivers} is then absent
     */
    static Map<String, Object> build(HostContext context, BootProfile profile, String kilnUrl, DriverPlan drivers) {
        Host host = context.host();
        Site site = context.site();
        Role role = context.role();
        Cluster cluster = context.cluster();
        Map<String, String> v = new LinkedHashMap<>();
        for (ResolvedVariable r : context.variables()) v.put(r.name(), r.value());
        Map<String, Object> out = new LinkedHashMap<>();

        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", host.name());
        h.put("macs", host.macs());
        if (host.ipv4() != null) h.put("ip", host.ipv4());
        if (host.serial() != null) h.put("serial", host.serial());
        out.put("host", h);

        Map<String, Object> s = new LinkedHashMap<>();
        if (site != null) s.put("name", site.name());
        for (String k : SITE_KEYS) {
            String val = v.getOrDefault(k, SITE_DEFAULTS.get(k));
            if (val == null) continue;
            s.put(k, LISTS.contains(k) ? split(val, k.equals("ssh_keys") ? "[,\\n]" : "[,\\s]") : val);
        }
        out.put("site", s);

        Map<String, Object> r = new LinkedHashMap<>();
        // each package once, in first-listed order: the role's, then the variable's (a site and a role may both list chrony)
        java.util.Set<String> packages = new java.util.LinkedHashSet<>(role == null ? List.of() : role.packages());
        if (v.containsKey("packages")) packages.addAll(split(v.get("packages"), "[,\\s]"));
        if (role != null) r.put("name", role.name());
        r.put("packages", List.copyOf(packages));
        out.put("role", r);

        if (cluster != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", cluster.name());
            String memberRole = context.clusterRole() == null ? null
                    : context.clusterRole().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            if (memberRole != null) c.put("role", memberRole);
            if (cluster.machineNetwork() != null) c.put("machine_network", cluster.machineNetwork());
            if (cluster.apiVip() != null) c.put("api_vip", cluster.apiVip());
            if (cluster.ingressVip() != null) c.put("ingress_vip", cluster.ingressVip());
            // the same facts as /etc/kiln/kiln.env lines, in one order for every template that writes the file
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("KILN_CLUSTER", cluster.name());
            if (memberRole != null) env.put("KILN_CLUSTER_ROLE", memberRole);
            if (cluster.machineNetwork() != null) env.put("KILN_MACHINE_NETWORK", cluster.machineNetwork());
            if (cluster.apiVip() != null) env.put("KILN_API_VIP", cluster.apiVip());
            if (cluster.ingressVip() != null) env.put("KILN_INGRESS_VIP", cluster.ingressVip());
            c.put("env", env);
            out.put("cluster", c);
        }

        out.put("network", network(host, site, v));
        out.put("kiln", Map.of("url", kilnUrl));

        if (profile != null) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("method", method(profile.install()));
            i.put("kernel", profile.kernel());
            i.put("initrds", profile.initrds());
            if (!profile.cmdline().isEmpty()) i.put("cmdline", profile.cmdline());
            v.forEach((k, val) -> {
                if (k.startsWith("install.") && k.length() > 8) i.put(k.substring(8), val);
            });
            out.put("install", i);
        }
        if (drivers != null) out.put("drivers", drivers(drivers, packages));
        out.put("vars", Map.copyOf(v));
        return out;
    }

    /**
     * {@code drivers.packages} (those the role does not list already), {@code .modules}, {@code .kernel_args},
     * {@code .firmware_files}: only words that are safe in every installer file (a plugin's answer is not trusted to
     * be shell- or debconf-safe); what is left out is named in {@code .refused}.
     */
    static Map<String, Object> drivers(DriverPlan plan, java.util.Set<String> rolePackages) {
        List<String> refused = new ArrayList<>();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packages", safe(plan.packages().stream().filter(p -> !rolePackages.contains(p)).toList(), PACKAGE, "package", refused));
        d.put("modules", safe(plan.modules(), MODULE, "module", refused));
        d.put("kernel_args", safe(plan.kernelArgs(), KERNEL_ARG, "kernel argument", refused));
        d.put("firmware_files", safe(plan.firmwareFiles(), FIRMWARE, "firmware file", refused));
        d.put("refused", List.copyOf(refused));
        return d;
    }

    private static List<String> safe(List<String> values, java.util.regex.Pattern rule, String what, List<String> refused) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && rule.matcher(v).matches()) out.add(v);
            else refused.add(what + " '" + v + "'");
        }
        return List.copyOf(out);
    }

    private static Map<String, Object> network(Host host, Site site, Map<String, String> v) {
        List<Map<String, Object>> nics = new ArrayList<>();
        String gateway = v.get("gateway");
        for (int i = 0; i < host.macs().size(); i++) {
            Map<String, Object> nic = new LinkedHashMap<>();
            nic.put("name", v.getOrDefault("nic." + i + ".name", "eth" + i));
            nic.put("mac", host.macs().get(i));
            if (i == 0 && host.ipv4() != null) {
                SiteNetwork net = site == null ? null : containing(site, host.ipv4());
                nic.put("addresses", List.of(host.ipv4() + "/" + (net == null ? "24" : net.network().prefix())));
                if (gateway == null && net != null) gateway = net.gateway();
            }
            if (v.containsKey("mtu")) nic.put("mtu", mtu(v.get("mtu")));
            nics.add(nic);
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("interfaces", nics);
        if (gateway != null) n.put("gateway", gateway);
        return n;
    }

    private static SiteNetwork containing(Site site, String ip) {
        Ipv4Address a = Ipv4Address.parse(ip);
        for (SiteNetwork n : site.networks()) if (n.network().contains(a)) return n;
        return null;
    }

    private static int mtu(String value) {
        try {
            int mtu = Integer.parseInt(value.trim());
            if (mtu >= 576 && mtu <= 65535) return mtu;
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw KilnException.invalid("variable 'mtu' = '" + value + "' is not an MTU (576..65535)");
    }

    static String method(InstallMethod m) {
        return switch (m) {
            case AUTOINSTALL -> "autoinstall";
            case KICKSTART -> "kickstart";
            case PRESEED -> "preseed";
            case IMAGE -> "cloud-init";
        };
    }

    private static List<String> split(String s, String regex) {
        return Arrays.stream(s.split(regex)).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
