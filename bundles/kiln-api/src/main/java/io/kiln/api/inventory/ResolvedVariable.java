package io.kiln.api.inventory;

/**
 * A variable's effective value for a host and where it came from (precedence host > cluster > role > site > global).
 *
 * @param name       variable name
 * @param value      effective value
 * @param source     the level that set it
 * @param sourceName the entity at that level (host, cluster, role or site name; "global")
 * @param overrides  the levels it hides, e.g. "site shop-7" -- so operators see why a value is not the site's
 */
public record ResolvedVariable(String name, String value, Source source, String sourceName, java.util.List<String> overrides) {
    /** Precedence levels, highest first. */
    public enum Source { HOST, CLUSTER, ROLE, SITE, GLOBAL }

    public ResolvedVariable {
        overrides = overrides == null ? java.util.List.of() : java.util.List.copyOf(overrides);
    }
}
