package io.kiln.workflow.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.HostContext;
import io.kiln.api.inventory.ResolvedVariable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A step's parameters with the host's variables filled in: {@code ${name}} is the variable's effective value. */
final class Params {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private Params() {
    }

    /** The host's effective variables, and {@code host} (its name) unless a variable of that name says otherwise. */
    static Map<String, String> variables(HostContext c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", c.host().name());
        for (ResolvedVariable v : c.variables()) m.put(v.name(), v.value());
        return m;
    }

    /** @throws KilnException INVALID naming the variable the host does not have */
    static Map<String, String> fill(Map<String, String> params, Map<String, String> vars, String step) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            Matcher m = VAR.matcher(e.getValue());
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = vars.get(m.group(1));
                if (v == null) {
                    throw KilnException.invalid("step " + step + ": parameter " + e.getKey() + " names ${" + m.group(1)
                            + "}, which the host does not have (kiln:host-vars lists its variables)");
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            out.put(e.getKey(), b.toString());
        }
        return out;
    }
}
