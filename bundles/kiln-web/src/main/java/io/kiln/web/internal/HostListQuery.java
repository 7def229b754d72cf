package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.HostPage;
import io.kiln.api.inventory.HostQuery;
import io.kiln.api.inventory.HostSort;
import io.kiln.api.inventory.OnboardingState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/hosts}' query string as a {@link HostQuery}: {@code site, role, profile, cluster, mac, label,
 * state} (repeatable), {@code q} (substring of name, MAC, serial, IPv4), {@code sort} ({@code name|state|site|role|updated},
 * {@code -} first for descending), {@code offset}, {@code limit}. Unknown parameters are refused.
 */
final class HostListQuery {
    static final List<String> FILTERS = List.of("site", "role", "profile", "cluster", "mac", "label", "state", "q", "sort");

    private HostListQuery() {
    }

    /** @throws KilnException INVALID naming the parameter at fault */
    static HostQuery of(Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            if (!FILTERS.contains(name) && !"offset".equals(name) && !"limit".equals(name)) {
                throw KilnException.invalid("unknown parameter '" + name + "' on /api/v1/hosts (filters: " + String.join(", ", FILTERS)
                        + "; paging: offset, limit)");
            }
        }
        List<OnboardingState> states = new ArrayList<>();
        for (String s : params.getOrDefault("state", List.of())) states.add(state(s.trim()));
        String sort = one(params, "sort");
        boolean descending = sort != null && sort.startsWith("-");
        int offset = number(params, "offset", 0), limit = number(params, "limit", Paging.DEFAULT_LIMIT);
        if (offset < 0 || limit < 1 || limit > Paging.MAX_LIMIT) throw KilnException.invalid("offset must be >= 0 and limit 1.." + Paging.MAX_LIMIT);
        return new HostQuery(params.get("site"), params.get("role"), params.get("profile"), params.get("cluster"), params.get("mac"),
                states, params.get("label"), one(params, "q"), sort == null || sort.isBlank() ? null : sortKey(descending ? sort.substring(1) : sort),
                descending, offset, limit);
    }

    /** {@code {total, offset, limit, next, items}}: {@code next} is the offset of the next page, null on the last. */
    static Map<String, Object> body(HostPage page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("limit", page.limit());
        int next = page.offset() + page.items().size();
        out.put("next", next < page.total() && !page.items().isEmpty() ? next : null);
        out.put("items", page.items());
        return out;
    }

    private static HostSort sortKey(String s) {
        for (HostSort k : HostSort.values()) if (k.name().equalsIgnoreCase(s.trim())) return k;
        throw KilnException.invalid("sort '" + s + "' is not one of name, state, site, role, updated (prefix '-' for descending)");
    }

    private static OnboardingState state(String s) {
        for (OnboardingState k : OnboardingState.values()) if (k.name().equalsIgnoreCase(s)) return k;
        throw KilnException.invalid("state '" + s + "' is not one of registered, onboarding, onboarded, quarantined, error");
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw KilnException.invalid("parameter '" + name + "' may be given once");
        return v.get(0);
    }

    private static int number(Map<String, List<String>> params, String name, int dflt) {
        String v = one(params, name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw KilnException.invalid("parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }
}
