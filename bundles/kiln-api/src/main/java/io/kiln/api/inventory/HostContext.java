package io.kiln.api.inventory;

import java.util.List;
import java.util.Locale;

/**
 * Everything the inventory answers about one host, computed in one place ({@link Inventory#context}) so that the
 * DHCP server, the iPXE script, the provisioning files, the shell and the REST API never recompute it and never
 * disagree.
 *
 * @param host        the host
 * @param site        its site, or null
 * @param role        its role, or null
 * @param cluster     the cluster it is a member of, or null
 * @param clusterRole its role in that cluster, or null
 * @param mode        its effective mode: its own, else its site's, ZTP when neither says
 * @param instance    its instance (the operator's go-ahead, or ZTP's), or null
 * @param osProfile   the OS profile a new instance of this host installs: the host's own, else its role's; or null
 * @param boot        what the host boots now, and why
 * @param variables   its effective variables with their sources (host > cluster > role > site > global)
 */
public record HostContext(Host host, Site site, Role role, Cluster cluster, ClusterRole clusterRole,
                          ProvisioningMode mode, Instance instance, String osProfile, BootChoice boot,
                          List<ResolvedVariable> variables) {

    public HostContext {
        if (host == null) throw new IllegalArgumentException("host is required");
        if (mode == null) throw new IllegalArgumentException("mode is required");
        if (boot == null) throw new IllegalArgumentException("boot is required");
        variables = variables == null ? List.of() : List.copyOf(variables);
    }

    /** The profile the host boots now, or null. */
    public String bootProfile() {
        return boot.profile();
    }

    /**
     * Which profile a host boots now, and where that comes from: its instance's profile when it has an instance,
     * else its own profile, else its role's.
     *
     * @param profile the profile's name, or null when none applies
     * @param source  where it comes from
     */
    public record BootChoice(String profile, Source source) {
        /** Where the boot profile comes from, in the order the rule looks. */
        public enum Source { INSTANCE, HOST, ROLE, NONE }

        public BootChoice {
            if (source == null) throw new IllegalArgumentException("source is required");
            if ((profile == null) != (source == Source.NONE)) {
                throw new IllegalArgumentException("a profile comes with a source other than NONE: " + profile + "/" + source);
            }
        }

        /** The rule, in one place: the instance's profile, else the host's, else the role's. */
        public static BootChoice of(Instance instance, Host host, Role role) {
            if (instance != null) return new BootChoice(instance.profile(), Source.INSTANCE);
            if (host.profile() != null) return new BootChoice(host.profile(), Source.HOST);
            if (role != null && role.profile() != null) return new BootChoice(role.profile(), Source.ROLE);
            return new BootChoice(null, Source.NONE);
        }

        /** For explanations: "profile 'microos'", "profile 'microos' from its instance", "no boot profile: ...". */
        public String describe(Host host) {
            return switch (source) {
                case INSTANCE -> "profile '" + profile + "' from its instance";
                case HOST -> "profile '" + profile + "'";
                case ROLE -> "profile '" + profile + "' from role '" + host.role() + "'";
                case NONE -> "no boot profile: no instance, none of its own, "
                        + (host.role() == null ? "no role" : "role '" + host.role() + "' has none");
            };
        }

        /** "instance", "host", "role" or "none", for tables and JSON. */
        public String sourceWord() {
            return source.name().toLowerCase(Locale.ROOT);
        }
    }
}
