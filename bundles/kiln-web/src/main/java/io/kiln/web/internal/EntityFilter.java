package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The query filters of {@code GET /api/v1/{kind}}: exact matches, all of them must hold; an empty value matches
 * an unset field ({@code ?site=} lists hosts without a site). Unknown parameters are refused, so a typo never
 * silently returns everything.
 *
 * <ul>
 * <li>hosts: {@link HostListQuery} ({@code site, role, profile, cluster, mac, label=KEY=VALUE}, {@code state}, {@code q}, {@code sort})
 * <li>clusters: {@code site, host} (clusters the host is a member of)
 * <li>roles: {@code profile}; instances: {@code profile, desired, current}; profiles: {@code install}
 * </ul>
 */
final class EntityFilter {
    private static final Set<String> PAGING = Set.of("offset", "limit");
    private static final Map<EntityKind, List<String>> FILTERS = Map.of(
            EntityKind.SITE, List.of(),
            EntityKind.ROLE, List.of("profile"),
            EntityKind.PROFILE, List.of("install"),
            EntityKind.HOST, HostListQuery.FILTERS,
            EntityKind.CLUSTER, List.of("site", "host"),
            EntityKind.INSTANCE, List.of("profile", "desired", "current"),
            EntityKind.WORKFLOW, List.of());

    private EntityFilter() {
    }

    /** The filters a kind accepts. */
    static List<String> names(EntityKind kind) {
        return FILTERS.get(kind);
    }

    /**
     * @throws KilnException INVALID for a parameter the kind does not know
     */
    static Predicate<Object> of(EntityKind kind, Map<String, List<String>> params, Inventory inventory) {
        if (kind == EntityKind.HOST) { // the inventory's own semantics (HostQuery), as GET /api/v1/hosts uses them
            io.kiln.api.inventory.HostQuery q = HostListQuery.of(params);
            java.util.Set<String> members = new java.util.HashSet<>();
            for (String c : q.clusters()) inventory.get(Cluster.class, c).ifPresent(v -> v.value().members().forEach(m -> members.add(m.host())));
            return e -> q.matches((Host) e, members);
        }
        Predicate<Object> all = e -> true;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            if (PAGING.contains(name)) continue;
            if (!FILTERS.get(kind).contains(name)) {
                List<String> known = FILTERS.get(kind);
                throw KilnException.invalid("unknown parameter '" + name + "' on /api/v1/" + kind.plural() + " ("
                        + (known.isEmpty() ? "no filters" : "filters: " + String.join(", ", known)) + "; paging: offset, limit)");
            }
            // a filter given twice means either value (hosts?site=a&site=b), except labels: every label given
            Predicate<Object> any = null;
            for (String value : p.getValue()) {
                Predicate<Object> one = one(kind, name, value.trim(), inventory);
                if ("label".equals(name)) all = all.and(one);
                else any = any == null ? one : any.or(one);
            }
            if (any != null) all = all.and(any);
        }
        return all;
    }

    private static Predicate<Object> one(EntityKind kind, String name, String value, Inventory inventory) {
        return switch (kind) {
            case CLUSTER -> "site".equals(name) ? e -> same(((Cluster) e).site(), value)
                    : e -> ((Cluster) e).members().stream().anyMatch(m -> m.host().equals(value));
            case ROLE -> e -> same(((Role) e).profile(), value);
            case PROFILE -> {
                InstallMethod m = word(InstallMethod.class, name, value);
                yield e -> ((BootProfile) e).install() == m;
            }
            case INSTANCE -> switch (name) {
                case "profile" -> e -> same(((Instance) e).profile(), value);
                case "desired" -> {
                    ProvisioningState st = word(ProvisioningState.class, name, value);
                    yield e -> ((Instance) e).desired() == st;
                }
                default -> {
                    ProvisioningState st = word(ProvisioningState.class, name, value);
                    yield e -> ((Instance) e).current() == st;
                }
            };
            case HOST, SITE, WORKFLOW -> throw new IllegalStateException(kind + " filters are not built here");
        };
    }

    /** An enum filter's value, any case; a value that is none of them is refused rather than matching nothing. */
    private static <E extends Enum<E>> E word(Class<E> type, String name, String value) {
        for (E c : type.getEnumConstants()) if (c.name().equalsIgnoreCase(value.replace('-', '_'))) return c;
        throw KilnException.invalid(name + " '" + value + "' is not one of " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()));
    }

    private static boolean same(String field, String value) {
        return value.isEmpty() ? field == null : Objects.equals(field, value);
    }
}
