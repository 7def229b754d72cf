package io.kiln.api.onboarding;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.Names;
import java.util.Locale;

/**
 * A site's opt-in to auto-enrollment: an unknown machine whose discovered facts match every given criterion is
 * registered as a new host at the site with the role, and onboarded without an operator. Criteria left null match
 * anything; a rule needs at least one. Globs use {@code *} and {@code ?} and ignore case.
 *
 * @param name        unique name
 * @param site        the site new hosts join (must exist)
 * @param role        their role (must exist), or null
 * @param vendor      glob on the machine's vendor (DMI sys_vendor), e.g. {@code Dell*}
 * @param model       glob on its model (DMI product_name)
 * @param serial      glob on its serial
 * @param macPrefix   a MAC prefix one of its NICs has, e.g. {@code 52:54:00}
 * @param pci         a PCI device it must have, {@code vvvv:dddd} ({@code dddd} may be {@code *})
 * @param namePattern the new host's name: {@code ${site}}, {@code ${mac}} (hex digits only), {@code ${serial}}
 *                    (letters and digits only) are filled in; default {@code ${site}-${mac}}
 */
public record EnrollmentRule(String name, String site, String role, String vendor, String model, String serial, String macPrefix,
                             String pci, String namePattern) {
    public EnrollmentRule {
        name = Names.require("rule name", name);
        site = Names.require("rule site", site);
        role = blank(role);
        if (role != null) Names.require("rule role", role);
        vendor = blank(vendor);
        model = blank(model);
        serial = blank(serial);
        macPrefix = blank(macPrefix);
        if (macPrefix != null) {
            macPrefix = macPrefix.toLowerCase(Locale.ROOT).replace('-', ':');
            if (!macPrefix.matches("[0-9a-f]{2}(:[0-9a-f]{2}){0,5}")) throw KilnException.invalid("rule '" + name + "': MAC prefix '" + macPrefix + "' is not like 52:54:00");
        }
        pci = blank(pci);
        if (pci != null) {
            pci = pci.toLowerCase(Locale.ROOT);
            if (!pci.matches("[0-9a-f]{4}:([0-9a-f]{4}|\\*)")) throw KilnException.invalid("rule '" + name + "': PCI device '" + pci + "' is not vvvv:dddd or vvvv:*");
        }
        namePattern = blank(namePattern) == null ? "${site}-${mac}" : namePattern.trim();
        if (vendor == null && model == null && serial == null && macPrefix == null && pci == null) {
            throw KilnException.invalid("rule '" + name + "' matches every machine: give at least one of vendor, model, serial, MAC prefix, PCI device");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
