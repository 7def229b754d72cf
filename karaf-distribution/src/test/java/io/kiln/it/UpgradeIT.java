package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's upgrade, done as written: the {@code cp} lines of its "Upgrading" section, read from README.md, carry
 * the previous build's {@code data/} and {@code etc/} (the fixture {@code upgrade/previous.tar.gz}, made as its
 * README says) into a fresh unpack of this build, which then starts. Everything the old appliance held must be there:
 * every entity with its version and status as the old REST API answered them, the settings, users and SSH host key,
 * the artifacts and the DHCP leases; and the new build, not the old one, must be what runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    static Path old;
    static List<String> carried;

    @BeforeAll
    static void upgrade() throws Exception {
        lab = new NetworkLab("upg", 14);
        kiln = new KilnAppliance("upg", lab);
        Path work = Files.createDirectories(kiln.home.getParent().resolveSibling("upg-previous"));
        Exec.must(60, "rm", "-rf", work.toString());
        old = Files.createDirectories(work.resolve("kiln-previous"));
        Exec.must(60, "tar", "xzf", fixture("previous.tar.gz").toString(), "-C", old.toString());
        carried = ReadmeIT.lines("### Upgrading", "cp ");
        Exec.Result r = Exec.run(60, null, List.of("env", "OLD=" + old, "NEW=" + kiln.home, "sh", "-ec", String.join("\n", carried)));
        assertTrue(r.ok(), "the README's upgrade lines failed:\n" + carried + "\n" + r.out());
        assertTrue(carried.toString().contains("keys.properties"), "the upgrade carries the authorised SSH keys: " + carried);
        kiln.authorizeShellKey(); // the old appliance's keys came along; the tests' own key was not one of them
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    static Path fixture(String name) throws Exception {
        return Path.of(UpgradeIT.class.getResource("/upgrade/" + name).toURI());
    }

    @Test
    @Order(1)
    void theNewBuildRunsNotTheOldOnes() throws Exception {
        assertTrue(carried.stream().anyMatch(l -> l.contains("$OLD/data/kiln")), "the README carries data/kiln: " + carried);
        assertFalse(carried.stream().anyMatch(l -> l.contains("data/cache") || l.matches(".*\\$OLD/data/?\\*?( .*)?")),
                "Karaf's bundle cache (data/cache) of the old version is never carried: " + carried);
        String built;
        try (Stream<Path> s = Files.walk(kiln.home.resolve("system/io/kiln/kiln-web"))) {
            Path jar = s.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
            try (JarFile j = new JarFile(jar.toFile())) {
                built = j.getManifest().getMainAttributes().getValue("Bundle-Version");
            }
        }
        Http health = kiln.http().get("/health");
        assertEquals(200, health.status(), health.toString());
        assertEquals(built, health.json().path("version").asText(), "the version of this build's kiln-web answers");
        assertTrue(kiln.log().contains("schema version"), "the store opened the carried database:\n" + kiln.logTail());
    }

    @Test
    @Order(2)
    void everyEntityKeptItsFieldsVersionAndStatus() throws Exception {
        JsonNode before = Http.JSON.readTree(fixture("expected/rest.json").toFile());
        Curl ops = kiln.http().with("-u", "ops:s3cret-0ps"); // the old appliance's own user: users.properties came along
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); compared++) {
            Map.Entry<String, JsonNode> e = it.next();
            Http now = ops.get("/api/v1/" + e.getKey());
            assertEquals(200, now.status(), e.getKey() + ": " + now);
            if (!e.getValue().path("etag").isNull()) {
                assertEquals(e.getValue().path("etag").asText(), now.header("ETag"), e.getKey() + ": the same version");
            }
            List<String> lost = new ArrayList<>();
            missing(e.getValue().path("body"), now.json(), e.getKey(), lost);
            assertTrue(lost.isEmpty(), "what the old version answered and the new one does not:\n" + String.join("\n", lost));
        }
        assertEquals(21, compared, "sites, roles, profiles, hosts, clusters, instances, statuses and leases");
    }

    /** Adds to {@code lost} every value of {@code old} that {@code now} lacks or differs in (new fields are fine). */
    static void missing(JsonNode old, JsonNode now, String at, List<String> lost) {
        if (old.isObject()) {
            old.fields().forEachRemaining(f -> missing(f.getValue(), now.path(f.getKey()), at + "." + f.getKey(), lost));
        } else if (old.isArray()) {
            if (!now.isArray() || now.size() != old.size()) {
                lost.add(at + ": was " + old + ", is " + now);
                return;
            }
            for (int i = 0; i < old.size(); i++) missing(old.get(i), now.get(i), at + "[" + i + "]", lost);
        } else if (!old.equals(now)) {
            lost.add(at + ": was " + old + ", is " + now);
        }
    }

    @Test
    @Order(3)
    void theShellSeesTheSameHostsAndWhatTheyBoot() throws Exception {
        String list = kiln.client("kiln:host-list");
        for (String host : List.of("n1", "n2", "n3", "lab-9")) assertTrue(list.contains(host + " "), list);
        String n1 = kiln.client("kiln:host-show n1");
        for (String line : List.of("Current:   onboarded", "Cluster:   k3 (control-plane)", "Instance:  microos, desired running, current running",
                "BMC:       https://10.213.14.211 plugin redfish, credential n1-bmc")) {
            assertTrue(n1.contains(line), line + "\n" + n1);
        }
        String n1Boot = kiln.client("kiln:boot-explain --arch 7 --ipxe 52:54:00:0e:00:01");
        assertTrue(n1Boot.contains("Decision: IPXE_SCRIPT") && n1Boot.contains("Host:     n1, profile microos"), n1Boot);
        String lab9 = kiln.client("kiln:boot-explain --arch 7 --ipxe 52:54:00:0e:00:09");
        assertTrue(lab9.contains("Host:     lab-9, profile ubuntu") && lab9.contains("Files:") && !lab9.contains("WILL FAIL"), lab9);
        // the global variable of the carried etc/io.kiln.inventory.cfg
        String vars = kiln.client("kiln:host-vars n1");
        assertTrue(vars.lines().anyMatch(l -> l.startsWith("timezone") && l.contains("Europe/Berlin") && l.contains("global")), vars);
    }

    @Test
    @Order(4)
    void settingsArtifactsAndTheSshHostKeyCameAlong() throws Exception {
        String dhcp = kiln.client("kiln:dhcp-status");
        assertTrue(dhcp.contains("Mode:       full") && dhcp.contains("on ks0"), "the carried etc/io.kiln.dhcp.cfg:\n" + dhcp);
        Http kernel = kiln.http().get("/artifacts/vmlinuz");
        assertEquals(200, kernel.status(), kernel.toString());
        assertEquals("kernel of the upgrade fixture\n", kernel.body());
        String offered = lab.server(30, "ssh-keyscan", "-t", "rsa", "-p", "8101", "127.0.0.1").out();
        String kept = Exec.must(10, "ssh-keygen", "-i", "-m", "PKCS8", "-f", old.resolve("etc/host.key.pub").toString()).out().trim();
        assertTrue(offered.contains(kept), "the old SSH host key:\n" + kept + "\noffered:\n" + offered);
    }

    @Test
    @Order(5)
    void theLeaseJournalStillHoldsItsAddresses() throws Exception {
        String leases = kiln.client("kiln:lease-list");
        assertTrue(leases.contains("52:54:00:0e:00:77") && leases.contains("10.213.14.100"), leases);
        // while the journal's lease of 10.213.14.100 runs (the fixture's leases end a year after it was made), a
        // newcomer gets another address; its owner gets it back either way
        Instant expires = Instant.EPOCH;
        for (JsonNode l : Http.JSON.readTree(fixture("expected/rest.json").toFile()).path("leases").path("body").path("items")) {
            if (l.path("mac").asText().equals("52:54:00:0e:00:77")) expires = Instant.parse(l.path("expires").asText());
        }
        Map<String, String> newcomer = Udhcpc.lease(lab, "52:54:00:0e:00:78");
        assertTrue(newcomer.getOrDefault("ip", "").startsWith(lab.prefix), "a lease from the site's pool: " + newcomer);
        if (Instant.now().isBefore(expires)) {
            assertNotEquals(lab.prefix + "100", newcomer.get("ip"), "10.213.14.100 still belongs to 52:54:00:0e:00:77 until " + expires);
        }
        assertEquals(lab.prefix + "100", Udhcpc.lease(lab, "52:54:00:0e:00:77").get("ip"));
        assertEquals(lab.prefix + "11", Udhcpc.lease(lab, "52:54:00:0e:00:01").get("ip"), "n1's reservation");
    }

    @Test
    @Order(6)
    void theOldExportIsInSyncAndExportThenApplyChangesNothing() throws Exception {
        String diff = kiln.client("kiln:inventory-diff " + fixture("expected/inventory"));
        assertTrue(diff.contains("In sync: 10 entities"), "the old version's own export:\n" + diff);
        Path dir = kiln.home.resolve("roundtrip");
        assertTrue(kiln.client("kiln:inventory-export " + dir).contains("Exported"));
        String apply = kiln.client("kiln:inventory-apply " + dir);
        assertTrue(apply.contains("0 created, 0 updated, 0 deleted"), apply);
        assertEquals("\"2\"", kiln.rest("GET", "/hosts/n2", null).header("ETag"), "versions untouched by the round trip");
    }
}
