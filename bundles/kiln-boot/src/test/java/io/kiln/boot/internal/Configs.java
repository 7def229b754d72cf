package io.kiln.boot.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a configuration annotation instance the way DS does: declared defaults, overridden by a map. */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (values.containsKey(method.getName())) return values.get(method.getName());
            if (method.getDefaultValue() != null) return method.getDefaultValue();
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> values.hashCode();
                case "equals" -> p == args[0];
                default -> throw new IllegalStateException("no value for " + method.getName());
            };
        });
        return type.cast(proxy);
    }

    static BootConfig boot(Map<String, Object> values) {
        return of(BootConfig.class, values);
    }
}
