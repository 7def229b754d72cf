package io.kiln.gitops.internal;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** A short, field-level description of how two versions of a record differ, e.g. {@code profile: a -> b; labels: +rack}. */
final class FieldDiff {
    private static final int MAX_VALUE = 40;
    private static final int MAX_TOTAL = 240;

    private FieldDiff() {
    }

    /** @param from the stored entity  @param to the declared one (same record type) */
    static String describe(Object from, Object to) {
        List<String> parts = new ArrayList<>();
        for (RecordComponent c : from.getClass().getRecordComponents()) {
            Object a = value(c, from), b = value(c, to);
            if (Objects.equals(a, b)) continue;
            String n = c.getName();
            if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                List<String> keys = new ArrayList<>();
                TreeSet<String> all = new TreeSet<>();
                ma.keySet().forEach(k -> all.add(String.valueOf(k)));
                mb.keySet().forEach(k -> all.add(String.valueOf(k)));
                for (String k : all) {
                    if (!ma.containsKey(k)) keys.add("+" + k);
                    else if (!mb.containsKey(k)) keys.add("-" + k);
                    else if (!Objects.equals(ma.get(k), mb.get(k))) keys.add("~" + k);
                }
                parts.add(n + ": " + String.join(", ", keys));
            } else {
                parts.add(n + ": " + show(a) + " -> " + show(b));
            }
        }
        String s = String.join("; ", parts);
        return s.length() > MAX_TOTAL ? s.substring(0, MAX_TOTAL - 3) + "..." : s;
    }

    private static Object value(RecordComponent c, Object o) {
        try {
            return c.getAccessor().invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + o.getClass().getSimpleName(), e);
        }
    }

    private static String show(Object v) {
        if (v == null) return "(none)";
        if (v instanceof List<?> l && l.isEmpty()) return "[]";
        String s = v instanceof List<?> l ? l.toString() : String.valueOf(v);
        if (s.isEmpty()) return "''";
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE - 3) + "..." : s;
    }
}
