package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateOverrideCheckTest {
    final TemplateOverrideCheck check = new TemplateOverrideCheck();

    static BootProfile profile(Map<String, String> templates) {
        return new BootProfile("p", "vmlinuz", List.of(), "", "", null, InstallMethod.AUTOINSTALL, templates);
    }

    @Test
    void servedNamesAndUnambiguousFileNamesPass() {
        assertEquals(List.of(), check.problems(profile(Map.of("cloud-init/user-data", "acme/user-data", "ks.cfg", "acme/ks.cfg",
                "autoinstall/user-data", "acme/autoinstall"))));
        assertEquals(List.of(), check.problems(profile(Map.of())));
    }

    @Test
    void typosAndTheAmbiguousUserDataAreEachNamed() {
        assertEquals(List.of(
                "profile 'p': templates key 'user-data' fits autoinstall/user-data and cloud-init/user-data; write the full name",
                "profile 'p': templates key 'usr-data' is no file Kiln serves per host (autoinstall/user-data, cloud-init/meta-data,"
                        + " cloud-init/network-config, cloud-init/user-data, kickstart/ks.cfg, preseed/preseed.cfg)"),
                check.problems(profile(Map.of("usr-data", "x", "user-data", "y", "preseed.cfg", "z"))));
    }

    @Test
    void otherEntitiesAreNotItsBusiness() {
        assertEquals(List.of(), check.problems(Host.of("h", List.of("52:54:00:00:00:01"), "p")));
    }
}
