package io.kiln.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.status.SubsystemStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigFileTest {

    private static ConfigFile tftp(String key, String value) {
        return ConfigFile.of("io.kiln.tftp", Map.of(key, value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc      | etc/io.kiln.tftp.cfg: port = 'abc' is not a number from 1 to 65535",
            "0        | etc/io.kiln.tftp.cfg: port = '0' is not a number from 1 to 65535",
            "65536    | etc/io.kiln.tftp.cfg: port = '65536' is not a number from 1 to 65535",
            "6 9      | etc/io.kiln.tftp.cfg: port = '6 9' is not a number from 1 to 65535",
            "69.0     | etc/io.kiln.tftp.cfg: port = '69.0' is not a number from 1 to 65535"})
    void aBadNumberIsOneLineAndTheDefault(String value, String message) {
        ConfigFile c = tftp("port", value);
        assertEquals(69, c.integer("port", 69, 1, 65535));
        assertEquals(List.of(message), c.errors());
        assertEquals(State.DEGRADED, c.health().state());
        assertEquals(message, c.health().reason());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "TRUE, true", "False, false", "' true ', true"})
    void booleansAreTrueOrFalseOnly(String value, boolean read) {
        ConfigFile c = tftp("enabled", value);
        assertEquals(read, c.bool("enabled", !read));
        assertTrue(c.problems().isEmpty(), c.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maybe | etc/io.kiln.tftp.cfg: enabled = 'maybe' is not true or false",
            "yes   | etc/io.kiln.tftp.cfg: enabled = 'yes' is not true or false",
            "1     | etc/io.kiln.tftp.cfg: enabled = '1' is not true or false",
            "''    | etc/io.kiln.tftp.cfg: enabled = '' is not true or false"})
    void anythingElseIsRefusedNotReadAsFalse(String value, String message) {
        ConfigFile c = tftp("enabled", value);
        assertTrue(c.bool("enabled", true), "the default, not false");
        assertEquals(List.of(message), c.errors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bogus    | ignore   | etc/io.kiln.boot.cfg: unknownPolicy = 'bogus' is not 'ignore' or 'discover'",
            "DISCOVER | discover | ''",
            "ignore   | ignore   | ''"})
    void wordsAreOneOfTheAllowed(String value, String read, String message) {
        ConfigFile c = ConfigFile.of("io.kiln.boot", Map.of("unknownPolicy", value));
        assertEquals(read, c.oneOf("unknownPolicy", "ignore", "ignore", "discover"));
        assertEquals(message.isEmpty() ? List.of() : List.of(message), c.errors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not an ip   | etc/io.kiln.boot.cfg: serverAddress = 'not an ip' is not an IPv4 address (or empty)",
            "10.0.0.256  | etc/io.kiln.boot.cfg: serverAddress = '10.0.0.256' is not an IPv4 address (or empty)",
            "boot.lan    | etc/io.kiln.boot.cfg: serverAddress = 'boot.lan' is not an IPv4 address (or empty)",
            "10.0.0.1    | ''",
            "''          | ''"})
    void addressesAreStrictDottedQuads(String value, String message) {
        ConfigFile c = ConfigFile.of("io.kiln.boot", Map.of("serverAddress", value));
        String read = c.ipv4("serverAddress", "", true);
        assertEquals(message.isEmpty() ? List.of() : List.of(message), c.errors());
        assertEquals(message.isEmpty() ? value : "", read);
    }

    @Test
    void unknownKeysAreWarnedAboutButNotTheFrameworksOwn() {
        Map<String, Object> p = new HashMap<>();
        p.put("port", "69");
        p.put("portt", "70");
        p.put("service.pid", "io.kiln.tftp");
        p.put("service.factoryPid", "x");
        p.put("felix.fileinstall.filename", "file:/opt/kiln/etc/io.kiln.tftp.cfg");
        p.put("component.name", "io.kiln.tftp.internal.TftpServiceImpl");
        p.put("component.id", 12L);
        p.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        p.put("org.apache.karaf.features.configKey", "io.kiln.tftp");
        ConfigFile c = ConfigFile.of("io.kiln.tftp", p);
        c.integer("port", 69, 1, 65535);
        c.bool("enabled", true);
        c.unknownKeys();
        assertEquals(List.of("etc/io.kiln.tftp.cfg: unknown key 'portt' ignored (known: enabled, port)"), c.warnings());
        assertTrue(c.errors().isEmpty());
        assertEquals(State.DEGRADED, c.health().state());
    }

    @Test
    void keysReadByPatternAreKnown() {
        ConfigFile c = ConfigFile.of("io.kiln.dhcp", Map.of("pool.lan.subnet", "10.0.0.0/24", "pool.lan.rnage", "x"));
        c.unknownKeys("pool\\.[^.]+\\.(subnet|range)");
        assertEquals(List.of("etc/io.kiln.dhcp.cfg: unknown key 'pool.lan.rnage' ignored (known: pool\\.[^.]+\\.(subnet|range))"),
                c.warnings());
    }

    @Test
    void aMissingDirectoryIsWarnedAboutUnlessItIsTheDefaultUnderData(@TempDir Path tmp) throws Exception {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", tmp.resolve("data").toString());
        try {
            Files.createDirectories(tmp.resolve("ipxe"));
            String def = tmp.resolve("ipxe") + ",${karaf.data}/kiln/artifacts";
            ConfigFile clean = ConfigFile.of("io.kiln.tftp", Map.of());
            assertEquals(List.of(tmp.resolve("ipxe"), tmp.resolve("data/kiln/artifacts")), clean.directories("roots", def));
            assertTrue(clean.warnings().isEmpty(), "a fresh install's empty data/ is fine: " + clean);

            ConfigFile expanded = ConfigFile.of("io.kiln.tftp", Map.of("roots", tmp.resolve("ipxe") + "," + tmp.resolve("data/kiln/artifacts")));
            expanded.directories("roots", def);
            assertTrue(expanded.warnings().isEmpty(), "the default as Karaf expands it in the file: " + expanded);

            ConfigFile missing = ConfigFile.of("io.kiln.tftp", Map.of("roots", tmp.resolve("nope") + ", ${karaf.data}/kiln/artifacts,"
                    + " ${karaf.data}/kiln/artifactz"));
            missing.directories("roots", def);
            assertEquals(List.of("etc/io.kiln.tftp.cfg: roots: directory '" + tmp.resolve("nope") + "' does not exist",
                    "etc/io.kiln.tftp.cfg: roots: directory '" + tmp.resolve("data/kiln/artifactz") + "' does not exist"),
                    missing.warnings());
            assertTrue(missing.errors().isEmpty());

            ConfigFile empty = ConfigFile.of("io.kiln.templates", Map.of("templateDir", ""));
            assertEquals(tmp.resolve("data/kiln/templates"), empty.directory("templateDir", "${karaf.data}/kiln/templates"));
            assertEquals(List.of("etc/io.kiln.templates.cfg: templateDir = '' is not a directory"), empty.errors());
        } finally {
            if (before == null) System.clearProperty("karaf.data");
            else System.setProperty("karaf.data", before);
        }
    }

    @Test
    void aCleanFileIsUp() {
        ConfigFile c = ConfigFile.of("io.kiln.web", null);
        assertEquals("127.0.0.0/8,::1", c.string("allowedClients", "127.0.0.0/8,::1"));
        assertTrue(c.keys().isEmpty());
        assertEquals(State.UP, c.unknownKeys().health().state());
        assertEquals("etc/io.kiln.web.cfg", c.file());
    }

    @Test
    void everyProblemIsNamedInTheHealth() {
        ConfigFile c = ConfigFile.of("io.kiln.tftp", Map.of("port", "x", "retries", "-1", "portt", "1"));
        c.integer("port", 69, 1, 65535);
        c.integer("retries", 5, 0, 100);
        c.unknownKeys();
        assertEquals("etc/io.kiln.tftp.cfg: port = 'x' is not a number from 1 to 65535; "
                + "etc/io.kiln.tftp.cfg: retries = '-1' is not a number from 0 to 100; "
                + "etc/io.kiln.tftp.cfg: unknown key 'portt' ignored (known: port, retries)", c.health().reason());
    }
}
