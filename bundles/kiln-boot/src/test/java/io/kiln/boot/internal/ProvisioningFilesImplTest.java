package io.kiln.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.FileWarnings;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.inventory.ResolvedVariable;
import io.kiln.templates.internal.FreemarkerTemplateRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a host's installer will fetch, rendered as served, so {@code kiln:boot-explain} can say what will fail. */
class ProvisioningFilesImplTest {
    @TempDir Path dir;

    FreemarkerTemplateRenderer renderer() {
        return new FreemarkerTemplateRenderer(Map.of("templateDir", dir.resolve("none").toString()));
    }

    @Test
    void eachFileOfTheInstallMethodIsCheckedAndAFailureNamesTheCause() {
        MemoryInventory inv = new MemoryInventory()
                .with(new BootProfile("ai", "ubuntu/linux", List.of("ubuntu/initrd"), "autoinstall", "", null, InstallMethod.AUTOINSTALL, null))
                .with(new BootProfile("ks", "rhel/linux", List.of("rhel/initrd"), "inst.ks", "", null, InstallMethod.KICKSTART, null))
                .with(new BootProfile("tpl", "x/linux", List.of(), "", "", null, InstallMethod.KICKSTART,
                        Map.of("kickstart/ks.cfg", "acme/missing")))
                .with(Host.of("good", List.of("52:54:00:61:00:01"), "ai"))
                .with(Host.of("bad", List.of("52:54:00:61:00:02"), "ks"))
                .with(Host.of("override", List.of("52:54:00:61:00:03"), "tpl"))
                .with(Host.of("nothing", List.of("52:54:00:61:00:04"), null))
                .withVariables("bad", List.of(new ResolvedVariable("mtu", "jumbo", ResolvedVariable.Source.SITE, "lab", List.of())));
        ProvisioningFilesImpl files = new ProvisioningFilesImpl(inv, renderer());

        List<FileCheck> good = files.check("good");
        assertEquals(List.of("/autoinstall/good/meta-data", "/autoinstall/good/user-data"), good.stream().map(FileCheck::path).toList());
        assertTrue(good.stream().allMatch(FileCheck::ok), good.toString());

        FileCheck bad = files.check("bad").get(0);
        assertEquals("/kickstart/bad/ks.cfg", bad.path());
        assertEquals("variable 'mtu' = 'jumbo' is not an MTU (576..65535)", bad.problem());

        FileCheck missing = files.check("override").get(0);
        assertTrue(!missing.ok() && missing.problem().contains("acme/missing"), missing.toString());
        assertEquals(List.of(), files.check("nothing"), "no profile, no files");
    }

    @Test
    void aPreviewWithoutKilnsUrlNamesThePlaceholderAndOneWithItNamesThatUrl() {
        MemoryInventory inv = new MemoryInventory()
                .with(new BootProfile("ci", "x/linux", List.of(), "", "", null, InstallMethod.IMAGE, null))
                .with(Host.of("edge-1", List.of("52:54:00:61:00:05"), "ci"));
        ProvisioningFilesImpl files = new ProvisioningFilesImpl(inv, renderer());
        for (String none : new String[] {null, " "}) {
            String preview = files.render("/cloud-init/edge-1/user-data", none).content();
            assertTrue(preview.contains("KILN_URL='" + ProvisioningFiles.PREVIEW_KILN_URL + "'"), preview);
        }
        String named = files.render("/cloud-init/edge-1/user-data", "http://10.0.0.1:8080").content();
        assertTrue(named.contains("KILN_URL='http://10.0.0.1:8080'") && !named.contains(ProvisioningFiles.PREVIEW_KILN_URL), named);
    }

    @Test
    void aWriteWarnsAboutTheAffectedHostsWhoseFilesNowFail() {
        MemoryInventory inv = new MemoryInventory()
                .with(new BootProfile("ks", "rhel/linux", List.of("rhel/initrd"), "inst.ks", "", null, InstallMethod.KICKSTART, null));
        for (int i = 1; i <= 3; i++) {
            inv.with(new Host("h" + i, List.of("52:54:00:62:00:0" + i), null, null, "ks", null, null, Map.of(), "lab", null, null, null, null,
                    null, null, null));
        }
        inv.withVariables("h2", List.of(new ResolvedVariable("mtu", "9k", ResolvedVariable.Source.SITE, "lab", List.of())));
        ProvisioningFilesImpl files = new ProvisioningFilesImpl(inv, renderer());
        FileWarnings w = files.afterWrite(EntityKind.SITE, "lab", 200);
        assertEquals(3, w.affected());
        assertEquals(List.of("host 'h2': /kickstart/h2/ks.cfg will fail: variable 'mtu' = '9k' is not an MTU (576..65535)"), w.lines());
        FileWarnings capped = files.afterWrite(EntityKind.SITE, "lab", 1);
        assertEquals(1, capped.checked(), "a write affecting many hosts checks the first ones");
        assertEquals(List.of(), capped.lines());
        assertEquals(List.of(), files.afterWrite(EntityKind.HOST, "h1", 200).lines());
    }
}
