package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two assembled appliances on one real PostgreSQL, as a site with a standby appliance runs them: PostgreSQL and
 * appliance A in one network namespace, appliance B in the other, reaching the database over the veth link. What
 * one appliance writes, the other serves (its DHCP/boot decision included) after its next refresh; a MAC can never
 * belong to two hosts, whichever appliance is asked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedPostgresIT {
    static final String PORT = "55439";
    static final Path PG_DIR = Path.of("/tmp/kiln-pg-it-" + PORT);
    static final Path POSTGRES_SH = Path.of("../bundles/kiln-store/src/test/postgres.sh").toAbsolutePath().normalize();
    static NetworkLab lab;
    static KilnAppliance a, b;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Exec.run(10, "sh", "-c", "ls -d /usr/lib/postgresql/*/bin/initdb").code() == 0,
                "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        lab = new NetworkLab("pg", 5);
        Exec.Result pg = lab.server(180, "env", "KILN_PG_PORT=" + PORT, "KILN_PG_DIR=" + PG_DIR, "KILN_PG_LISTEN=127.0.0.1," + lab.serverIp,
                "bash", POSTGRES_SH.toString(), "start");
        assertEquals(0, pg.code(), "PostgreSQL in the namespace: " + pg.out());
        a = appliance("pg-a", lab.serverNs, "127.0.0.1");
        b = appliance("pg-b", lab.clientNs, lab.serverIp);
    }

    static KilnAppliance appliance(String name, String ns, String dbHost) throws Exception {
        KilnAppliance k = new KilnAppliance(name, ns);
        k.config("io.kiln.store", Map.of("url", "jdbc:postgresql://" + dbHost + ":" + PORT + "/kiln_test", "user", "kiln",
                "password", "kiln-test", "poolSize", "4"));
        k.appendConfig("io.kiln.inventory", Map.of("refreshSeconds", "1"));
        k.config("io.kiln.dhcp", Map.of("enabled", "false"));
        k.config("io.kiln.tftp", Map.of("enabled", "false"));
        // a short lease, so the takeover below happens within seconds
        k.config("io.kiln.workflow", Map.of("appliance", name, "leaseSeconds", "6", "recheckSeconds", "1"));
        return k.start();
    }

    @AfterAll
    static void stop() throws Exception {
        AutoCloseable postgres = () -> {
            if (lab != null && Files.exists(PG_DIR)) {
                lab.server(60, "env", "KILN_PG_PORT=" + PORT, "KILN_PG_DIR=" + PG_DIR, "bash", POSTGRES_SH.toString(), "stop");
            }
        };
        KilnAppliance.closeAll(a, b, postgres, lab);
    }

    /** Polls a command on an appliance until done (the other appliance refreshes every second). */
    static String eventually(KilnAppliance k, String command, Predicate<String> done) throws Exception {
        return k.clientUntil(command, done, Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void bothRunOnPostgresql() throws Exception {
        for (KilnAppliance k : new KilnAppliance[] {a, b}) {
            assertTrue(k.awaitLog("in PostgreSQL jdbc:postgresql://", Duration.ofSeconds(10)), "the inventory runs on PostgreSQL:\n" + k.logTail());
        }
    }

    @Test
    @Order(2)
    void whatOneAppliesTheOtherServes() throws Exception {
        assertTrue(a.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline 'console=ttyS0' microos").contains("Added profile microos"));
        String added = a.client("kiln:host-add --mac 52:54:00:05:00:01 --profile microos edge-1");
        assertTrue(added.contains("Added host edge-1"), added);
        String shown = eventually(b, "kiln:host-show edge-1", out -> out.contains("52:54:00:05:00:01"));
        assertTrue(shown.contains("Instance:  microos, desired running, current pending"), "host and its ZTP instance:\n" + shown);
        String explain = b.client("kiln:boot-explain --arch 7 52:54:00:05:00:01");
        assertTrue(explain.contains("edge-1") && !explain.contains("IGNORE"), "B's boot decision knows A's host:\n" + explain);

        assertTrue(b.client("kiln:host-remove edge-1").contains("Removed host edge-1 and its instance"));
        String gone = eventually(a, "kiln:host-list", out -> out.contains("Name") && !out.contains("edge-1"));
        assertFalse(gone.contains("edge-1"), gone);
        assertTrue(a.client("kiln:boot-explain --arch 7 52:54:00:05:00:01").contains("IGNORE"), "A stops booting what B removed");
    }

    @Test
    @Order(3)
    void aMacBelongsToOneHostWhicheverApplianceIsAsked() throws Exception {
        assertTrue(a.client("kiln:host-add --mac 52:54:00:05:00:02 --profile microos edge-2").contains("Added host edge-2"));
        // B is asked at once, before or after its refresh: either its memory or the database refuses
        String twice = b.client("kiln:host-add --mac 52:54:00:05:00:02 --profile microos edge-3");
        assertTrue(twice.contains("52:54:00:05:00:02 already belongs to host 'edge-2'"), twice);
        assertFalse(eventually(b, "kiln:host-list", out -> out.contains("edge-2")).contains("edge-3"));
        assertFalse(a.client("kiln:host-list").contains("edge-3"));
    }

    static final String APPROVAL = "{\"name\": \"approval\", \"description\": \"waits for an operator\", \"steps\": ["
            + "{\"type\": \"notify\", \"name\": \"hello\", \"parameters\": {\"message\": \"started\"}},"
            + "{\"type\": \"wait-approval\"},"
            + "{\"type\": \"delay\", \"name\": \"pause\", \"parameters\": {\"seconds\": \"${pause}\"}},"
            + "{\"type\": \"notify\", \"name\": \"bye\", \"parameters\": {\"message\": \"approved\"}}]}";

    /** A run owned by an appliance that dies (SIGKILL) is taken over by the other once the dead one's lease lapses, and finished once. */
    @Test
    @Order(4)
    void theOtherApplianceTakesOverTheRunsOfOneKilledMidRun() throws Exception {
        Http created = a.rest("POST", "/workflows", APPROVAL);
        assertEquals(201, created.status(), created.toString());
        assertTrue(a.client("kiln:host-add --mac 52:54:00:05:00:10 --var pause=1 edge-wf").contains("Added host edge-wf"));
        eventually(b, "kiln:workflow-templates", out -> out.contains("approval: waits for an operator"));
        String started = eventually(a, "kiln:workflow-start edge-wf approval", out -> out.contains("RUNNING"));
        assertTrue(started.contains("workflow approval"), started);
        String waiting = eventually(b, "kiln:workflow-show edge-wf", out -> out.contains(">2  wait-approval"));
        assertTrue(waiting.contains("Owner:     appliance pg-a"), "A started it, so A drives it:\n" + waiting);

        a.kill();
        assertTrue(b.client("kiln:workflow-approve edge-wf").contains("RUNNING"));
        String done = eventually(b, "kiln:workflow-show edge-wf", out -> out.contains("State:     SUCCEEDED"));
        assertTrue(done.contains("Owner:     appliance pg-b"), "B took it over:\n" + done);
        assertTrue(b.log().contains("host edge-wf: run-taken-over: appliance pg-b takes over workflow approval from pg-a"), b.logTail());
        // every step started once, over both appliances
        for (String step : new String[] {"step 1/4 hello", "step 2/4 wait-approval", "step 3/4 pause", "step 4/4 bye"}) {
            long times = a.countLogLines("host edge-wf: step-started: " + step) + b.countLogLines("host edge-wf: step-started: " + step);
            assertEquals(1, times, step + " started " + times + " times");
        }
    }

    /** The same appliance killed (SIGKILL) mid-run and restarted resumes its run from the last step it saved. */
    @Test
    @Order(5)
    void anApplianceKilledMidRunResumesItsRunsWhenItIsBack() throws Exception {
        KilnAppliance k = b; // A is dead since the takeover: B is alone, so nobody takes its run over while it is down
        assertTrue(k.client("kiln:host-add --mac 52:54:00:05:00:11 --var pause=600 edge-crash").contains("Added host edge-crash"));
        assertTrue(eventually(k, "kiln:workflow-start edge-crash approval", out -> out.contains("RUNNING")).contains("RUNNING"));
        // approve once the run waits for it (an approval before that step is refused)
        assertTrue(eventually(k, "kiln:workflow-show edge-crash", out -> out.contains(">2  wait-approval")).contains(">2  wait-approval"));
        String approved = k.client("kiln:workflow-approve edge-crash");
        assertTrue(approved.contains("RUNNING"), approved);
        assertTrue(eventually(k, "kiln:workflow-show edge-crash", out -> out.contains(">3  pause")).contains(">3  pause"));
        k.kill();
        k.start();
        // the engine starts once the store answers: ask until it does
        String resumed = eventually(k, "kiln:workflow-show edge-crash", out -> out.contains("RUNNING at step 3/4 pause"));
        assertTrue(resumed.contains("RUNNING at step 3/4 pause") && resumed.contains("Owner:     appliance pg-b"), "resumed where it was:\n" + resumed);
        assertTrue(resumed.matches("(?s).*1 +hello +notify +appliance +SUCCEEDED +1 .*"), resumed);
        assertTrue(k.client("kiln:workflow-cancel edge-crash").contains("CANCELLED"));
        assertEquals(1, k.countLogLines("host edge-crash: step-started: step 1/4 hello"), "a step done before the crash is not run again");
    }
}
