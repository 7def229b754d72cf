package io.kiln.onboarding.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.KilnException;
import io.kiln.api.onboarding.EnrollmentRule;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.store.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sites' auto-enrollment rules (document kind {@value #KIND}) and how a machine fares against each: the first rule
 * (by name) that matches registers it; every rule's verdict is kept for kiln:host-pending.
 */
final class EnrollmentRules {
    static final String KIND = "enrollment-rule";

    private final DocumentStore store;

    EnrollmentRules(DocumentStore store) {
        this.store = store;
    }

    List<EnrollmentRule> list() {
        List<EnrollmentRule> out = new ArrayList<>();
        for (var d : store.list(KIND)) {
            JsonNode n = Json.parse(d.json());
            out.add(new EnrollmentRule(d.name(), Json.text(n, "site"), Json.text(n, "role"), Json.text(n, "vendor"), Json.text(n, "model"),
                    Json.text(n, "serial"), Json.text(n, "macPrefix"), Json.text(n, "pci"), Json.text(n, "namePattern")));
        }
        return out;
    }

    void put(EnrollmentRule r) {
        store.put(KIND, r.name(), DocumentStore.ANY_VERSION, Json.write(Json.MAPPER.valueToTree(r)));
    }

    void remove(String name) {
        if (store.get(KIND, name).isEmpty()) throw KilnException.notFound("no enrollment rule named '" + name + "'");
        store.delete(KIND, name, DocumentStore.ANY_VERSION);
    }

    /** Why the rule does not match the machine, or null when it does. */
    static String mismatch(EnrollmentRule r, OnboardRequest m) {
        List<String> why = new ArrayList<>();
        check(why, "vendor", r.vendor(), m.facts().get("dmi.vendor"));
        check(why, "model", r.model(), m.facts().get("dmi.product"));
        check(why, "serial", r.serial(), m.serial());
        if (r.macPrefix() != null && m.macs().stream().noneMatch(mac -> mac.startsWith(r.macPrefix()))) {
            why.add("no MAC starts with " + r.macPrefix());
        }
        if (r.pci() != null) {
            String pci = m.facts().getOrDefault("pci", "");
            Pattern p = Pattern.compile("(^|\\s)" + glob(r.pci()) + "(@\\S*)?(\\s|$)");
            if (!p.matcher(pci.toLowerCase(Locale.ROOT)).find()) why.add("no PCI device " + r.pci());
        }
        return why.isEmpty() ? null : String.join(", ", why);
    }

    private static void check(List<String> why, String what, String glob, String value) {
        if (glob == null) return;
        if (value == null) {
            why.add(what + " unknown, wants " + glob);
        } else if (!Pattern.compile(glob(glob), Pattern.CASE_INSENSITIVE).matcher(value).matches()) {
            why.add(what + " is " + value + ", wants " + glob);
        }
    }

    /** A glob as a regular expression: * any run, ? one character, everything else literal. */
    static String glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') sb.append(".*");
            else if (c == '?') sb.append('.');
            else sb.append(Pattern.quote(String.valueOf(c)));
        }
        return sb.toString();
    }

    /** The name a rule gives a machine. */
    static String hostName(EnrollmentRule r, OnboardRequest m) {
        String mac = m.macs().get(0).replace(":", "");
        String serial = m.serial() == null ? mac : m.serial().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return r.namePattern().replace("${site}", r.site()).replace("${mac}", mac).replace("${serial}", serial).toLowerCase(Locale.ROOT);
    }
}
