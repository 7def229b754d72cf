package io.kiln.api.inventory;

import io.kiln.api.KilnException;
import io.kiln.api.net.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which hosts to list, in which order, which page ({@link Inventory#findHosts}). Each filter is a list of values:
 * empty means no filter; several values of one filter match either, except labels, which must all hold; an empty
 * value matches an unset field (a site filter {@code ""} matches hosts without a site).
 *
 * @param sites      site names
 * @param roles      role names
 * @param profiles   boot profile names
 * @param clusters   cluster names (the hosts that are members)
 * @param macs       MAC addresses, any spelling {@link MacAddress} accepts
 * @param states     current onboarding states
 * @param labels     {@code KEY=VALUE} (the label has that value) or {@code KEY} (the host has the label)
 * @param text       a substring (ignoring case) of the name, a MAC, the serial or the static IPv4, or null
 * @param sort       the order (null: by name)
 * @param descending the whole order reversed (ties by name descending too)
 * @param offset     the first matching host to return (0 based)
 * @param limit      at most this many
 */
public record HostQuery(List<String> sites, List<String> roles, List<String> profiles, List<String> clusters, List<String> macs,
                        List<OnboardingState> states, List<String> labels, String text, HostSort sort, boolean descending,
                        int offset, int limit) {

    public HostQuery {
        sites = trimmed(sites);
        roles = trimmed(roles);
        profiles = trimmed(profiles);
        clusters = trimmed(clusters);
        macs = trimmed(macs).stream().map(MacAddress::canonical).toList();
        states = states == null ? List.of() : List.copyOf(states);
        labels = trimmed(labels);
        for (String l : labels) {
            if (l.isEmpty() || l.startsWith("=")) throw KilnException.invalid("label filter must be KEY=VALUE or KEY, got '" + l + "'");
        }
        text = text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
        sort = sort == null ? HostSort.NAME : sort;
        if (offset < 0 || limit < 1) throw KilnException.invalid("offset must be >= 0 and limit >= 1");
    }

    /** Every host, by name, in one page of at most {@code limit}. */
    public static HostQuery all(int limit) {
        return new HostQuery(null, null, null, null, null, null, null, null, null, false, 0, limit);
    }

    /**
     * Whether a host passes every filter.
     *
     * @param clusterMembers the hosts of the clusters named in {@link #clusters()} (ignored when there are none)
     */
    public boolean matches(Host h, Set<String> clusterMembers) {
        if (!sites.isEmpty() && !anySame(sites, h.site())) return false;
        if (!roles.isEmpty() && !anySame(roles, h.role())) return false;
        if (!profiles.isEmpty() && !anySame(profiles, h.profile())) return false;
        if (!clusters.isEmpty() && !clusterMembers.contains(h.name())) return false;
        if (!macs.isEmpty() && macs.stream().noneMatch(h.macs()::contains)) return false;
        if (!states.isEmpty() && !states.contains(h.currentState())) return false;
        for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq < 0 ? !h.labels().containsKey(l) : !l.substring(eq + 1).trim().equals(h.labels().get(l.substring(0, eq).trim()))) return false;
        }
        return text == null || searchText(h).contains(text);
    }

    /** What {@link #text()} is looked for in: name, MACs, serial and IPv4, lower case, one line each. */
    public static String searchText(Host h) {
        StringBuilder b = new StringBuilder(h.name());
        for (String m : h.macs()) b.append('\n').append(m);
        if (h.serial() != null) b.append('\n').append(h.serial());
        if (h.ipv4() != null) b.append('\n').append(h.ipv4());
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** This query for another page. */
    public HostQuery page(int offset, int limit) {
        return new HostQuery(sites, roles, profiles, clusters, macs, states, labels, text, sort, descending, offset, limit);
    }

    /** This query without its text filter (for a caller that checked the text already). */
    public HostQuery withoutText() {
        return new HostQuery(sites, roles, profiles, clusters, macs, states, labels, null, sort, descending, offset, limit);
    }

    private static boolean anySame(List<String> wanted, String field) {
        for (String w : wanted) if (w.isEmpty() ? field == null : Objects.equals(w, field)) return true;
        return false;
    }

    private static List<String> trimmed(List<String> values) {
        if (values == null) return List.of();
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) out.add(v == null ? "" : v.trim());
        return List.copyOf(out);
    }
}
