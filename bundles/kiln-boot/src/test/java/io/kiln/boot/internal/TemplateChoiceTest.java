package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.Role;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TemplateChoiceTest {

    static final List<String> SERVED = List.of("cloud-init/meta-data", "cloud-init/user-data", "cloud-init/network-config",
            "autoinstall/user-data", "kickstart/ks.cfg", "preseed/preseed.cfg");
    /** What the renderer lists: the built-in templates and the operator's files. */
    static final List<String> AVAILABLE = List.of("acme/ks.cfg", "acme/user-data", "autoinstall/user-data", "cloud-init/meta-data",
            "cloud-init/network-config", "cloud-init/user-data", "ipxe/boot.ipxe", "kickstart/ks.cfg", "preseed/preseed.cfg",
            "shop/cloud-init/user-data", "shop/kickstart/ks.cfg");

    final TemplateChoice choice = new TemplateChoice(SERVED);

    static BootProfile profile(Map<String, String> templates) {
        return new BootProfile("rhel-9", "rhel/vmlinuz", List.of(), "", "", null, InstallMethod.KICKSTART, templates);
    }

    static Role role(String templateSet) {
        return new Role("pos", null, "rhel-9", List.of(), templateSet, Map.of());
    }

    TemplateChoice.Choice choose(String builtIn, BootProfile profile, Role role) {
        return choice.choose(builtIn, profile, role, () -> AVAILABLE);
    }

    @Test
    void withNothingSetTheBuiltInIsUsedWithoutListingTemplates() {
        Supplier<Collection<String>> never = () -> {
            throw new AssertionError("templates() listed for nothing");
        };
        assertEquals(new TemplateChoice.Choice("kickstart/ks.cfg", "built-in"), choice.choose("kickstart/ks.cfg", null, null, never));
        assertEquals("kickstart/ks.cfg", choice.choose("kickstart/ks.cfg", profile(Map.of()), role(null), never).template());
    }

    @Test
    void profileOverrideByFullNameComesFirst() {
        TemplateChoice.Choice c = choose("kickstart/ks.cfg", profile(Map.of("kickstart/ks.cfg", "acme/ks.cfg")), role("shop"));
        assertEquals("acme/ks.cfg", c.template(), "the profile's override beats the role's set");
        assertEquals("profile 'rhel-9' templates['kickstart/ks.cfg']", c.because());
    }

    @Test
    void profileOverrideByUnambiguousFileName() {
        assertEquals("acme/ks.cfg", choose("kickstart/ks.cfg", profile(Map.of("ks.cfg", "acme/ks.cfg")), null).template());
    }

    @Test
    void fullNameBeatsFileName() {
        BootProfile p = profile(Map.of("ks.cfg", "kickstart/ks.cfg", "kickstart/ks.cfg", "acme/ks.cfg"));
        assertEquals("acme/ks.cfg", choose("kickstart/ks.cfg", p, null).template());
    }

    @Test
    void anOverrideForAnotherFileLeavesThisOneToTheNextStep() {
        BootProfile p = profile(Map.of("cloud-init/user-data", "acme/user-data"));
        assertEquals("autoinstall/user-data", choose("autoinstall/user-data", p, null).template());
        assertEquals("shop/kickstart/ks.cfg", choose("kickstart/ks.cfg", p, role("shop")).template());
    }

    @Test
    void roleTemplateSetComesSecond() {
        TemplateChoice.Choice c = choose("cloud-init/user-data", profile(Map.of()), role("shop"));
        assertEquals(new TemplateChoice.Choice("shop/cloud-init/user-data", "role 'pos' template set 'shop'"), c);
    }

    @Test
    void aFileTheSetLacksIsTheBuiltInAndTheLogSaysSo() {
        TemplateChoice.Choice c = choose("cloud-init/meta-data", null, role("shop"));
        assertEquals(new TemplateChoice.Choice("cloud-init/meta-data",
                "built-in; role 'pos' template set 'shop' has no shop/cloud-init/meta-data"), c);
    }

    @Test
    void missingOverrideIsAnErrorNamingProfileKeyAndTemplateNeverTheBuiltIn() {
        BootProfile p = profile(Map.of("kickstart/ks.cfg", "acme/ks-v2.cfg"));
        KilnException e = assertThrows(KilnException.class, () -> choose("kickstart/ks.cfg", p, role("shop")));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals("profile 'rhel-9' overrides 'kickstart/ks.cfg' with template 'acme/ks-v2.cfg', which does not exist "
                + "in the template directory", e.getMessage());
    }

    @Test
    void missingOverrideByFileNameNamesTheKeyAsWritten() {
        KilnException e = assertThrows(KilnException.class, () -> choose("kickstart/ks.cfg", profile(Map.of("ks.cfg", "nope")), null));
        assertEquals("profile 'rhel-9' overrides 'ks.cfg' with template 'nope', which does not exist in the template directory",
                e.getMessage());
    }

    @Test
    void userDataIsAmbiguousAndMustBeWrittenInFull() {
        KilnException e = assertThrows(KilnException.class,
                () -> choose("cloud-init/user-data", profile(Map.of("user-data", "acme/user-data")), null));
        assertEquals("profile 'rhel-9': templates key 'user-data' fits autoinstall/user-data and cloud-init/user-data; "
                + "write the full name", e.getMessage());
    }

    @Test
    void aKeyThatNamesNoServedFileFailsEveryFileOfTheProfile() {
        BootProfile p = profile(Map.of("kickstart/ks.cfg", "acme/ks.cfg", "ipxe/boot.ipxe", "acme/boot.ipxe"));
        KilnException e = assertThrows(KilnException.class, () -> choose("kickstart/ks.cfg", p, null));
        assertEquals("profile 'rhel-9': templates key 'ipxe/boot.ipxe' is no file Kiln serves per host (autoinstall/user-data, "
                + "cloud-init/meta-data, cloud-init/network-config, cloud-init/user-data, kickstart/ks.cfg, preseed/preseed.cfg)",
                e.getMessage());
        assertThrows(KilnException.class, () -> choose("cloud-init/meta-data", profile(Map.of("userdata", "acme/user-data")), null));
    }
}
