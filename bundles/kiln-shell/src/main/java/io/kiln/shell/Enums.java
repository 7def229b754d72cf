package io.kiln.shell;

import io.kiln.api.KilnException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values as operators type them: "control-plane", "CONTROL_PLANE" and "Control_Plane" are the same. */
final class Enums {
    private Enums() {
    }

    /** @return the constant, or null when the word is null */
    static <E extends Enum<E>> E parse(Class<E> type, String word, String what) {
        if (word == null) return null;
        String w = word.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) if (e.name().equals(w)) return e;
        throw KilnException.invalid(what + " '" + word + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(Enums::word).collect(Collectors.joining(", ")));
    }

    /** CONTROL_PLANE -> control-plane. */
    static String word(Enum<?> e) {
        return e == null ? "-" : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
