package io.kiln.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.PluginUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInstallerImplTest {
    @TempDir Path base;

    static byte[] jar(String bsn, String version, String imports) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) mf.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        if (version != null) mf.getMainAttributes().putValue("Bundle-Version", version);
        if (imports != null) mf.getMainAttributes().putValue("Import-Package", imports);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new ZipEntry("io/example/Plugin.class"));
            j.write(new byte[] {1, 2, 3});
        }
        return out.toByteArray();
    }

    static final String IMPORTS = "io.kiln.api.hardware;version=\"[1.1,2)\",io.kiln.spi.vendor;version=\"[1.0,2)\",org.slf4j;version=\"[1.7,3)\"";

    @Test
    void aPluginGoesIntoDeployUnderItsBundleNameAndANewVersionReplacesIt() throws IOException {
        PluginInstallerImpl installer = new PluginInstallerImpl(base.resolve("deploy"));
        byte[] v1 = jar("io.example.kiln-plugin;singleton:=true", "1.0.0", IMPORTS);
        PluginUpload u = installer.install(v1);
        assertEquals("io.example.kiln-plugin", u.bundle());
        assertEquals("1.0.0", u.version());
        assertFalse(u.replaced());
        Path deployed = base.resolve("deploy/io.example.kiln-plugin.jar");
        assertArrayEquals(v1, Files.readAllBytes(deployed));
        byte[] v2 = jar("io.example.kiln-plugin", "1.1.0", IMPORTS);
        assertTrue(installer.install(v2).replaced());
        assertArrayEquals(v2, Files.readAllBytes(deployed));
        try (var files = Files.list(base)) {
            assertEquals(List.of(base.resolve("deploy")), files.toList(), "no temporary file left");
        }
    }

    @Test
    void whatIsNotAPluginIsRefusedSayingWhy() throws IOException {
        PluginInstallerImpl installer = new PluginInstallerImpl(base.resolve("deploy"));
        assertTrue(refusal(installer, "just text".getBytes()).contains("not a jar"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("a.txt"));
        }
        assertTrue(refusal(installer, zip.toByteArray()).contains("no META-INF/MANIFEST.MF"));
        assertTrue(refusal(installer, jar(null, null, null)).contains("no Bundle-SymbolicName"));
        String notForSpi = refusal(installer, jar("io.example.other", "2.0.0", "org.slf4j,io.kiln.spi.vendorx"));
        assertEquals("bundle io.example.other 2.0.0 is not a Kiln hardware plugin: it does not import io.kiln.spi.vendor (the vendor SPI)", notForSpi);
        assertTrue(refusal(installer, new byte[0]).contains("empty"));
        assertFalse(Files.exists(base.resolve("deploy/io.example.other.jar")));
    }

    @Test
    void importPackageIsParsedWithQuotedVersionRanges() {
        assertEquals(List.of("a.b", "io.kiln.spi.vendor", "c"), PluginInstallerImpl.importsPackages("a.b;version=\"[1,2)\", io.kiln.spi.vendor ;resolution:=optional,c"));
    }

    static String refusal(PluginInstallerImpl installer, byte[] body) {
        KilnException e = assertThrows(KilnException.class, () -> installer.install(body));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        return e.getMessage();
    }
}
