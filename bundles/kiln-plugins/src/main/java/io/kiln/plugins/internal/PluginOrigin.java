package io.kiln.plugins.internal;

/**
 * Where a plugin service comes from, read from its service reference (tests make one with {@code new}).
 *
 * @param bundle    the registering bundle's symbolic name
 * @param version   its version
 * @param serviceId the service's id
 * @param claims    its {@value #CLAIMS} service property: what it serves, in words (e.g. "BMC addresses fake://...")
 */
record PluginOrigin(String bundle, String version, long serviceId, String claims) {
    /** The service property a plugin may set to say what it serves, shown by kiln:plugin-list. */
    static final String CLAIMS = "kiln.claims";

    PluginOrigin {
        claims = claims == null ? "" : claims;
    }

    /** OSGi versions (major.minor.micro.qualifier): numbers as numbers, the qualifier as text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.", 4), y = b.split("\\.", 4);
        for (int i = 0; i < 4; i++) {
            String p = i < x.length ? x[i] : i < 3 ? "0" : "", q = i < y.length ? y[i] : i < 3 ? "0" : "";
            int c;
            if (i < 3) {
                try {
                    c = Long.compare(Long.parseLong(p), Long.parseLong(q));
                } catch (NumberFormatException e) {
                    c = p.compareTo(q);
                }
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) return c;
        }
        return 0;
    }
}
