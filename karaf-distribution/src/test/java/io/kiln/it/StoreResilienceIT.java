package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The store's faults on the assembled appliance, each contained, visible and healed without a restart: PostgreSQL
 * that is down when Kiln starts and comes up later, and the embedded database's disk filling up and being freed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreResilienceIT {
    static final String PORT = "55441";
    static final Path PG_DIR = Path.of("/tmp/kiln-pg-it-" + PORT);
    static final Path POSTGRES_SH = Path.of("../bundles/kiln-store/src/test/postgres.sh").toAbsolutePath().normalize();
    static NetworkLab lab;
    /** The appliance of the running test; each test closes its own, even when it fails. */
    static KilnAppliance kiln;
    static Path tmpfs;
    static final Path BACKUP = Path.of("/tmp/kiln-res-it-backup.jsonl");

    @BeforeAll
    static void lab() throws Exception {
        lab = new NetworkLab("res", 15);
        Files.deleteIfExists(BACKUP);
    }

    @AfterAll
    static void stop() throws Exception {
        AutoCloseable postgres = () -> {
            if (Files.exists(PG_DIR)) lab.server(60, "env", "KILN_PG_PORT=" + PORT, "KILN_PG_DIR=" + PG_DIR, "bash", POSTGRES_SH.toString(), "stop");
        };
        Files.deleteIfExists(BACKUP);
        AutoCloseable unmount = () -> {
            if (tmpfs != null) Exec.run(30, "umount", tmpfs.toString());
        };
        KilnAppliance.closeAll(postgres, unmount, lab);
    }

    @org.junit.jupiter.api.AfterEach
    void closeAppliance() throws Exception {
        KilnAppliance k = kiln;
        kiln = null;
        if (k != null) k.close();
    }

    /** kiln:status with each reason's wrapped lines joined again, for contains() on a whole reason. */
    static String flat(String screen) {
        return screen.replaceAll("\n *\\| *\\| *\\| ?", " ");
    }

    /** A line of kiln:status naming the subsystem and its state. */
    static boolean statusLine(String screen, String subsystem, String state) {
        return screen.lines().anyMatch(l -> l.trim().startsWith(subsystem + " ") && l.contains(" " + state + " "));
    }

    @Test
    @Order(1)
    void postgresqlDownAtStartIsWaitedForAndKilnServesOnceItIsUp() throws Exception {
        Assumptions.assumeTrue(Exec.run(10, "sh", "-c", "ls -d /usr/lib/postgresql/*/bin/initdb").code() == 0,
                "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        kiln = new KilnAppliance("res-pg", lab);
        kiln.config("io.kiln.store", Map.of("url", "jdbc:postgresql://127.0.0.1:" + PORT + "/kiln_test", "user", "kiln",
                "password", "kiln-test", "poolSize", "4"));
        kiln.config("io.kiln.dhcp", Map.of("enabled", "false"));
        kiln.startUntil(() -> kiln.routesListed(List.of("hosts")) && kiln.client("kiln:status").contains("store"));

        // down, saying why, everywhere an operator or a monitoring system looks; the commands are there to say it
        String screen = flat(kiln.clientUntil("kiln:status", s -> statusLine(s, "inventory", "down"), Duration.ofSeconds(60)));
        assertTrue(statusLine(screen, "store", "down") && screen.contains("NOT READY"), screen);
        assertTrue(screen.contains("Connection to 127.0.0.1:" + PORT + " refused"), screen);
        assertTrue(statusLine(screen, "tftp", "up") && statusLine(screen, "rest", "up"), "the rest runs: " + screen);
        String list = kiln.client("kiln:host-list");
        assertTrue(list.contains("the inventory is not loaded yet: the store cannot be opened") && !list.contains("Command not found")
                && !list.contains("\tat "), list);
        Http health = kiln.http().get("/health");
        assertEquals(503, health.status(), health.toString());
        assertEquals("DOWN", health.json().path("subsystems").path("store").asText(), health.body());
        Http hosts = kiln.rest("GET", "/hosts", null);
        assertEquals(503, hosts.status(), hosts.toString());
        assertTrue(hosts.header("Content-Type").startsWith("application/problem+json"), hosts.toString());
        assertTrue(kiln.countLogLines("Kiln store: cannot open PostgreSQL") == 1, "the fault is logged:\n" + kiln.logTail());
        assertEquals(0, kiln.countLogLines("Caused by"), "in one line, no stack trace:\n" + kiln.logTail());

        // PostgreSQL comes up: Kiln opens the store and loads the inventory by itself
        Exec.Result pg = lab.server(180, "env", "KILN_PG_PORT=" + PORT, "KILN_PG_DIR=" + PG_DIR, "KILN_PG_LISTEN=127.0.0.1",
                "bash", POSTGRES_SH.toString(), "start");
        assertEquals(0, pg.code(), "PostgreSQL in the namespace: " + pg.out());
        Http up = KilnAppliance.poll(() -> kiln.http().get("/health"), h -> h.status() == 200, Duration.ofSeconds(90), Duration.ofSeconds(1));
        assertEquals(200, up.status(), "healed without a restart: " + up + "\n" + kiln.logTail());
        assertEquals("UP", up.json().path("subsystems").path("store").asText(), up.body());
        assertEquals("UP", up.json().path("subsystems").path("inventory").asText(), up.body());
        Http created = kiln.rest("POST", "/hosts", "{\"name\":\"pg-1\",\"macs\":[\"52:54:00:15:00:01\"]}");
        assertEquals(201, created.status(), created.toString());
        assertTrue(kiln.client("kiln:host-list").contains("pg-1"));
        assertTrue(kiln.awaitLog("Kiln inventory loaded after the store became available", Duration.ofSeconds(5)), kiln.logTail());

        // an online backup, from the shell and over REST: the same file
        String backedUp = kiln.client("kiln:store-backup " + BACKUP);
        assertTrue(backedUp.contains("Backed up 1 document(s)") && backedUp.contains("of PostgreSQL jdbc:postgresql://127.0.0.1:" + PORT),
                "the host: " + backedUp);
        Http rest = kiln.rest("GET", "/store/backup", null);
        assertEquals(200, rest.status(), rest.toString());
        assertTrue(rest.header("Content-Type").startsWith("application/x-ndjson"), rest.toString());
        assertEquals(Files.readAllLines(BACKUP).size(), rest.body().lines().count(), rest.body());
        assertTrue(rest.body().startsWith("{\"format\":\"kiln-store-dump/1\"") && rest.body().contains("pg-1"), rest.body());

        // Kiln restarts while PostgreSQL is down: it boots machines from its local copy of the database
        Path copy = kiln.home.resolve("data/kiln/store-copy.jsonl");
        KilnAppliance.poll(() -> Files.exists(copy) && Files.readString(copy).contains("pg-1"), c -> c, Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertTrue(Files.readString(copy).contains("pg-1"), "the local copy follows the database");
        kiln.stop();
        assertEquals(0, lab.server(60, "env", "KILN_PG_PORT=" + PORT, "KILN_PG_DIR=" + PG_DIR, "bash", POSTGRES_SH.toString(), "stop").code());
        kiln.startUntil(() -> kiln.routesListed(List.of("hosts")) && kiln.client("kiln:host-list").contains("pg-1"));
        String explain = kiln.client("kiln:boot-explain --arch 7 52:54:00:15:00:01");
        assertTrue(explain.contains("pg-1"), "booting knows the host from the local copy:\n" + explain);
        Http readOnly = kiln.rest("POST", "/hosts", "{\"name\":\"pg-2\",\"macs\":[\"52:54:00:15:00:02\"]}");
        assertEquals(503, readOnly.status(), readOnly.toString());
        assertTrue(readOnly.json().path("detail").asText().contains("only reads are served, from the local copy"), readOnly.body());
        Http degraded = kiln.http().get("/health");
        assertEquals(200, degraded.status(), "ready: it boots from the copy: " + degraded);
        assertEquals("DEGRADED", degraded.json().path("subsystems").path("store").asText(), degraded.body());
        assertEquals("UP", degraded.json().path("subsystems").path("inventory").asText(), degraded.body());
        String screen2 = flat(kiln.client("kiln:status"));
        assertTrue(statusLine(screen2, "store", "degraded") && screen2.contains("serving reads from the local copy"), screen2);
    }

    @Test
    @Order(2)
    void aFullDiskFailsWritesOnlyAndFreeingItHeals() throws Exception {
        kiln = new KilnAppliance("res-disk", lab.clientNs); // not where the first one ran: nothing of it can answer
        kiln.config("io.kiln.dhcp", Map.of("enabled", "false"));
        // the embedded database on a small filesystem of its own, as data/ on a small disk
        tmpfs = kiln.home.resolve("data/kiln");
        Files.createDirectories(tmpfs);
        Exec.must(30, "mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", tmpfs.toString());
        kiln.start();
        if (Files.exists(BACKUP)) { // the first test's backup moves PostgreSQL's inventory into this embedded store
            String restored = kiln.client("kiln:store-restore " + BACKUP);
            assertTrue(restored.contains("Restored 1 document(s)"), restored);
            assertTrue(kiln.clientUntil("kiln:host-list", l -> l.contains("pg-1"), Duration.ofSeconds(30)).contains("pg-1"));
            String again = kiln.client("kiln:store-restore " + BACKUP);
            assertTrue(again.contains("it already holds 1 document(s)") && !again.contains("\tat "), again);
        }
        assertEquals(201, kiln.rest("POST", "/hosts", "{\"name\":\"d-0\",\"macs\":[\"52:54:00:16:00:00\"]}").status());

        Exec.run(120, "dd", "if=/dev/zero", "of=" + tmpfs.resolve("filler"), "bs=1M");
        Http refused = null;
        // the database file has room inside for a few small writes; one soon needs more
        for (int i = 1; i <= 500 && refused == null; i++) {
            Http h = kiln.rest("POST", "/hosts", "{\"name\":\"d-" + i + "\",\"macs\":[\"52:54:00:17:" + String.format("%02x:%02x", i / 256, i % 256)
                    + "\"],\"labels\":{\"note\":\"" + "x".repeat(200) + "\"}}");
            if (h.status() != 201) refused = h;
        }
        assertTrue(refused != null, "a write fails on a full disk");
        assertEquals(503, refused.status(), refused.toString());
        assertTrue(refused.json().path("detail").asText().contains("No space left on device"), refused.body());
        // reads and booting go on; the store says what is wrong
        Http hosts = kiln.rest("GET", "/hosts/d-0", null);
        assertEquals(200, hosts.status(), hosts.toString());
        String screen = flat(kiln.client("kiln:status"));
        assertTrue(statusLine(screen, "store", "degraded") && screen.contains("No space left on device")
                && screen.contains(" MiB free"), screen);
        Http health = kiln.http().get("/health");
        assertEquals(200, health.status(), "still ready: " + health);
        assertEquals("DEGRADED", health.json().path("subsystems").path("store").asText(), health.body());
        assertTrue(kiln.client("kiln:boot-explain --arch 7 52:54:00:16:00:00").contains("d-0"));

        // space freed: the next write opens the database again, no restart
        Files.delete(tmpfs.resolve("filler"));
        Http again = KilnAppliance.poll(() -> kiln.rest("POST", "/hosts", "{\"name\":\"d-999\",\"macs\":[\"52:54:00:16:09:99\"]}"),
                h -> h.status() == 201, Duration.ofSeconds(60), Duration.ofSeconds(1));
        assertEquals(201, again.status(), again + "\n" + kiln.logTail());
        String healed = kiln.clientUntil("kiln:status", s -> statusLine(s, "store", "up"), Duration.ofSeconds(30));
        assertTrue(statusLine(healed, "store", "up"), healed);
        String list = kiln.client("kiln:host-list");
        assertTrue(list.contains("d-0") && list.contains("d-999"), "nothing acknowledged was lost: " + list);
    }
}
