package io.kiln.inventory.internal;

import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import io.kiln.api.inventory.WorkflowTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Whole-inventory consistency: every reference resolves, identities are unique, clusters follow their rules. */
final class InventoryRules {
    private InventoryRules() {
    }

    static List<Problem> problems(InventoryState s) {
        List<Problem> p = new ArrayList<>();
        Map<String, String> macs = new HashMap<>(), uuids = new HashMap<>(), ips = new HashMap<>();
        List<Site> sites = s.storedFirst(EntityKind.SITE);
        for (Host h : s.<Host>storedFirst(EntityKind.HOST)) {
            for (String m : h.macs()) {
                String other = macs.putIfAbsent(m, h.name());
                if (other != null) p.add(Problem.conflict("MAC " + m + " already belongs to host '" + other + "'"));
            }
            if (h.uuid() != null) {
                String other = uuids.putIfAbsent(h.uuid(), h.name());
                if (other != null) p.add(Problem.conflict("UUID " + h.uuid() + " already belongs to host '" + other + "'"));
            }
            if (h.ipv4() != null) {
                String other = ips.putIfAbsent(h.ipv4(), h.name());
                if (other != null) p.add(Problem.conflict("IPv4 " + h.ipv4() + " is already reserved for host '" + other + "'"));
                for (String m : HostAddressRules.problems(h, s.site(h.site()), sites)) p.add(Problem.invalid(m));
            }
            if (h.profile() != null && s.profile(h.profile()) == null) {
                p.add(Problem.invalid("host '" + h.name() + "': boot profile '" + h.profile() + "' does not exist (kiln:profile-list shows the profiles)"));
            }
            if (h.site() != null && s.site(h.site()) == null) p.add(Problem.invalid("host '" + h.name() + "': site '" + h.site() + "' does not exist"));
            if (h.role() != null && s.role(h.role()) == null) p.add(Problem.invalid("host '" + h.name() + "': role '" + h.role() + "' does not exist"));
        }
        for (Role r : s.<Role>values(EntityKind.ROLE)) {
            if (r.profile() != null && s.profile(r.profile()) == null) {
                p.add(Problem.invalid("role '" + r.name() + "': profile '" + r.profile() + "' does not exist"));
            }
            if (r.workflow() != null && s.get(EntityKind.WORKFLOW, r.workflow()) == null && !WorkflowTemplate.BUILT_IN.contains(r.workflow())) {
                p.add(Problem.invalid("role '" + r.name() + "': workflow '" + r.workflow() + "' does not exist (built in: "
                        + String.join(", ", new java.util.TreeSet<>(WorkflowTemplate.BUILT_IN)) + ")"));
            }
        }
        for (String m : SiteRules.problems(sites)) p.add(Problem.invalid(m));
        List<Cluster> clusters = s.storedFirst(EntityKind.CLUSTER);
        Map<String, Host> hosts = new java.util.TreeMap<>();
        for (Host h : s.<Host>values(EntityKind.HOST)) hosts.put(h.name(), h);
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            // a clash with another cluster is the later one's problem (the one being written)
            for (String m : ClusterRules.problems(c, hosts, s.site(c.site()), clusters.subList(0, i))) p.add(Problem.invalid(m));
        }
        for (Instance i : s.<Instance>values(EntityKind.INSTANCE)) {
            if (s.host(i.host()) == null) p.add(Problem.invalid("instance of '" + i.host() + "': host does not exist"));
            if (s.profile(i.profile()) == null) p.add(Problem.invalid("instance of '" + i.host() + "': profile '" + i.profile() + "' does not exist"));
        }
        return p;
    }

    /** What still refers to an entity (checked before deleting it, for a message that says what blocks it). */
    static List<String> usages(InventoryState s, EntityKind kind, String name) {
        List<String> u = new ArrayList<>();
        switch (kind) {
            case PROFILE -> {
                for (Host h : s.<Host>values(EntityKind.HOST)) if (name.equals(h.profile())) u.add("host '" + h.name() + "'");
                for (Role r : s.<Role>values(EntityKind.ROLE)) if (name.equals(r.profile())) u.add("role '" + r.name() + "'");
                for (Instance i : s.<Instance>values(EntityKind.INSTANCE)) if (name.equals(i.profile())) u.add("instance of '" + i.host() + "'");
            }
            case SITE -> {
                for (Host h : s.<Host>values(EntityKind.HOST)) if (name.equals(h.site())) u.add("host '" + h.name() + "'");
                for (Cluster c : s.<Cluster>values(EntityKind.CLUSTER)) if (name.equals(c.site())) u.add("cluster '" + c.name() + "'");
            }
            case WORKFLOW -> {
                for (Role r : s.<Role>values(EntityKind.ROLE)) if (name.equals(r.workflow())) u.add("role '" + r.name() + "'");
            }
            case ROLE -> {
                for (Host h : s.<Host>values(EntityKind.HOST)) if (name.equals(h.role())) u.add("host '" + h.name() + "'");
            }
            case HOST -> {
                Cluster c = s.clusterOf(name);
                if (c != null) u.add("cluster '" + c.name() + "'"); // its instance goes with it (ZtpPolicy)
            }
            default -> {
            }
        }
        return u;
    }

    static String usedBy(EntityKind kind, String name, List<String> users) {
        String word = kind == EntityKind.PROFILE ? "profile" : kind.singular();
        return word + " '" + name + "' is used by " + users.size() + ": "
                + String.join(", ", users.subList(0, Math.min(5, users.size()))) + (users.size() > 5 ? ", ..." : "");
    }

    /** Unique keys the store enforces across appliances sharing one database. */
    static Map<String, java.util.Set<String>> keys(Object entity) {
        if (!(entity instanceof Host h)) return Map.of();
        Map<String, java.util.Set<String>> k = new HashMap<>();
        k.put("mac", new java.util.TreeSet<>(h.macs()));
        if (h.uuid() != null) k.put("uuid", java.util.Set.of(h.uuid()));
        if (h.ipv4() != null) k.put("ipv4", java.util.Set.of(h.ipv4()));
        return k;
    }

}
