package io.kiln.boot.internal;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Role;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which template renders a host's file whose built-in template is T (e.g. {@code cloud-init/user-data}):
 *
 * <ol>
 *   <li>the OS profile's {@code templates} map: the value of key T, else of T's file name ({@code meta-data},
 *       {@code network-config}, {@code ks.cfg}, {@code preseed.cfg}) when only one served file has that name.
 *       {@code user-data} is both {@code cloud-init/user-data} and {@code autoinstall/user-data}, two formats, so
 *       it must be written in full;</li>
 *   <li>the role's template set S: {@code S/T} when that template exists;</li>
 *   <li>the built-in T.</li>
 * </ol>
 *
 * <p>The profile's map is an explicit instruction, so a wrong one fails the file instead of quietly giving the host
 * the built-in: a key that names no served file (a typo), an ambiguous short key, or a value naming a template that
 * does not exist. A role's set need not have every file: what it lacks comes from the built-in.
 */
final class TemplateChoice {

    /** The template to render and, for the log, where the choice came from. */
    record Choice(String template, String because) {
    }

    /** Built-in names of the files served per host; the keys a profile's map may use. */
    private final Set<String> served;

    TemplateChoice(Collection<String> served) {
        this.served = Set.copyOf(served);
    }

    /**
     * @param builtIn   T, one of the served built-in names
     * @param profile   the host's OS profile (the host's own, else its role's), or null
     * @param role      the host's role, or null
     * @param available the names the renderer can render; asked only when a profile or role needs it
     * @throws KilnException kind INVALID when the profile's map is wrong; the message names profile, key and template
     */
    Choice choose(String builtIn, BootProfile profile, Role role, Supplier<? extends Collection<String>> available) {
        Map<String, String> overrides = profile == null ? Map.of() : profile.templates();
        for (String key : overrides.keySet()) check(profile.name(), key);
        String key = overrides.containsKey(builtIn) ? builtIn : unambiguous(fileName(builtIn)) ? fileName(builtIn) : null;
        String override = key == null ? null : overrides.get(key);
        if (override != null) {
            if (!available.get().contains(override)) {
                throw KilnException.invalid("profile '" + profile.name() + "' overrides '" + key + "' with template '"
                        + override + "', which does not exist in the template directory");
            }
            return new Choice(override, "profile '" + profile.name() + "' templates['" + key + "']");
        }
        String set = role == null ? null : role.templateSet();
        if (set == null) return new Choice(builtIn, "built-in");
        String inSet = set + "/" + builtIn;
        if (available.get().contains(inSet)) return new Choice(inSet, "role '" + role.name() + "' template set '" + set + "'");
        return new Choice(builtIn, "built-in; role '" + role.name() + "' template set '" + set + "' has no " + inSet);
    }

    /** A key is a served name in full, or a file name only one served name ends with. */
    private void check(String profile, String key) {
        String problem = keyProblem(profile, key);
        if (problem != null) throw KilnException.invalid(problem);
    }

    /** What is wrong with a profile's templates key, or null. */
    private String keyProblem(String profile, String key) {
        if (served.contains(key)) return null;
        List<String> fits = served.stream().filter(s -> fileName(s).equals(key)).sorted().toList();
        if (fits.size() > 1) {
            return "profile '" + profile + "': templates key '" + key + "' fits " + String.join(" and ", fits) + "; write the full name";
        }
        if (fits.isEmpty()) {
            return "profile '" + profile + "': templates key '" + key + "' is no file Kiln serves per host ("
                    + String.join(", ", new TreeSet<>(served)) + ")";
        }
        return null;
    }

    /** Every wrong key of a profile's templates map (checked when the profile is written, and again when serving). */
    List<String> keyProblems(BootProfile profile) {
        List<String> out = new java.util.ArrayList<>();
        for (String key : new TreeSet<>(profile.templates().keySet())) {
            String p = keyProblem(profile.name(), key);
            if (p != null) out.add(p);
        }
        return out;
    }

    private boolean unambiguous(String fileName) {
        return served.stream().filter(s -> fileName(s).equals(fileName)).count() == 1;
    }

    private static String fileName(String template) {
        return template.substring(template.lastIndexOf('/') + 1);
    }
}
