package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The promise, on the assembled appliance: a hardware plugin (the fake one) copied into deploy/ is live with no
 * restart, drives a host's power, is replaced by an updated jar and goes away cleanly when removed, while machines
 * keep booting (HTTP, TFTP and full-mode DHCP in a loop) without a single failed request. Prints the deploy -> live
 * time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginHotDeployIT {
    static final String LOAD_MAC = "52:54:00:16:00:01";
    static final String SECRET = "pw-" + Long.toHexString(System.nanoTime());
    static NetworkLab lab;
    static KilnAppliance kiln;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("plug", 16);
        kiln = new KilnAppliance("plug", lab);
        kiln.config("io.kiln.dhcp", KilnAppliance.fullModeDhcp(lab.serverIf, lab.prefix, 120));
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    static JsonNode plugins() {
        Http r = kiln.rest("GET", "/plugins", null);
        assertEquals(200, r.status(), r.toString());
        return r.json().path("items");
    }

    /** Polls GET /api/v1/plugins (fast, unlike a bin/client call) until it fits; returns the milliseconds it took. */
    static long untilPlugins(long since, Predicate<JsonNode> fits, String what) throws Exception {
        JsonNode last = KilnAppliance.poll(PluginHotDeployIT::plugins, fits, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertTrue(fits.test(last), what + ": " + last);
        return (System.nanoTime() - since) / 1_000_000;
    }

    static boolean fakeAt(JsonNode items, String version) {
        return items.size() == 1 && items.get(0).path("name").asText().equals("fake") && items.get(0).path("version").asText().equals(version);
    }

    /** The fake plugin's jar with another Bundle-Version: what a vendor's next release looks like to Karaf. */
    static Path withVersion(Path jar, String version, Path out) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", version);
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream jos = new JarOutputStream(os, m)) {
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) continue;
                    jos.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream is = in.getInputStream(entry)) {
                        is.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
        return out;
    }

    /** Into deploy/ in one step: Karaf's file watcher never sees half a jar. */
    static void drop(Path jar, Path deployed) throws IOException {
        Path staging = kiln.home.resolve("plugin-staging.jar");
        Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, deployed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void assertOneLineError(String out, String expected) {
        assertTrue(out.contains(expected), out);
        // bin/client's own notes ("client: JAVA_HOME not set; ...") are not the command's
        assertEquals(1, out.lines().filter(l -> !l.isBlank() && !l.startsWith("client: ")).count(), "one line, no stack trace: " + out);
    }

    @Test
    @Order(1)
    void aPluginIsDeployedUpdatedAndRemovedWhileMachinesKeepBooting() throws Exception {
        Path fakeJar = Path.of(System.getProperty("kiln.fakePlugin"));
        assertTrue(Files.isRegularFile(fakeJar), "the fake plugin is built first: " + fakeJar);
        Path deployed = kiln.home.resolve("deploy/kiln-plugin-fake.jar");
        long loaderSize = Files.size(Path.of("/usr/lib/ipxe/undionly.kpxe"));
        assertEquals(0, plugins().size(), "the kiln feature installs no plugin");

        assertTrue(kiln.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img microos").contains("Added profile microos"));
        lab.clientMac(LOAD_MAC);
        assertTrue(kiln.client("kiln:host-add --mac " + LOAD_MAC + " --profile microos loadgen").contains("Added host loadgen"));
        BootLoad load = new BootLoad()
                .http(kiln.http(lab.clientNs, lab.serverIp), "/boot/ipxe?mac=" + LOAD_MAC)
                .tftp(lab, "undionly.kpxe", loaderSize)
                .dhcp(lab, LOAD_MAC);
        try {
            Thread.sleep(2000); // the load runs before anything changes
            // deploy
            long t0 = System.nanoTime();
            drop(fakeJar, deployed);
            long live = untilPlugins(t0, items -> items.size() == 1 && items.get(0).path("name").asText().equals("fake"), "the plugin is live");
            System.out.println("PLUGIN deploy->live: " + live + " ms");
            String list = kiln.client("kiln:plugin-list");
            assertTrue(list.contains("fake") && list.contains("kiln-plugin-fake") && list.contains("power,boot,virtual-media,firmware,inspection")
                    && list.contains("BMC addresses fake://..."), list);

            // a BMC login, stored encrypted; the password only ever in the file the operator gave
            Path pw = kiln.home.resolve("rack1.pw");
            Files.writeString(pw, SECRET + "\n");
            String stored = kiln.client("kiln:credential-set --username admin --password-file " + pw + " rack1-bmc");
            assertTrue(stored.contains("Stored credential rack1-bmc (user admin)"), stored);
            Files.delete(pw);
            String creds = kiln.client("kiln:credential-list");
            assertTrue(creds.contains("rack1-bmc") && creds.contains("admin") && !creds.contains(SECRET), creds);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(kiln.home.resolve("data/kiln/credentials/credentials.key"))));

            // hosts: one names the plugin (and its login), one lets plugins claim its BMC
            assertTrue(kiln.client("kiln:host-add --mac 52:54:00:16:00:10 --bmc fake://rack1/node1 --bmc-plugin fake --bmc-credential rack1-bmc node1")
                    .contains("Added host node1"));
            assertTrue(kiln.client("kiln:host-add --mac 52:54:00:16:00:11 --bmc fake://rack1/node2 node2").contains("Added host node2"));
            assertTrue(kiln.client("kiln:bmc-power node1 status").contains("node1: power OFF (plugin fake)"));
            String on = kiln.client("kiln:bmc-power node1 on");
            assertTrue(on.contains("node1: power on accepted; power ON (plugin fake)"), on);
            assertTrue(kiln.client("kiln:bmc-power node1 status").contains("node1: power ON (plugin fake)"));
            String explain1 = kiln.client("kiln:plugin-explain node1");
            assertTrue(explain1.contains("power: fake") && explain1.contains("why: named by the host (bmc.plugin = fake)"), explain1);
            String explain2 = kiln.client("kiln:plugin-explain node2");
            assertTrue(explain2.contains("power: fake")
                    && explain2.contains("why: claims BMC fake://rack1/node2: its address fake://rack1/node2 is a fake:// address"), explain2);
            System.out.println(explain2);
            assertTrue(kiln.client("kiln:host-add --mac 52:54:00:16:00:12 --bmc fake://rack1/node3 --bmc-credential nope node3").contains("Added host node3"));
            assertOneLineError(kiln.client("kiln:bmc-power node3 status"),
                    "host 'node3' names BMC credential 'nope', which is not stored (kiln:credential-set --username USER nope)");
            // the same through REST
            assertEquals("OFF", kiln.rest("GET", "/hosts/node2/power", null).json().path("state").asText());
            Http posted = kiln.rest("POST", "/hosts/node2/power", "{\"action\":\"cycle\"}");
            assertEquals(200, posted.status(), posted.toString());
            assertEquals("ON", posted.json().path("state").asText(), posted.body());
            JsonNode rest = kiln.rest("GET", "/hosts/node1/plugins", null).json();
            assertEquals("fake", rest.path("interfaces").get(0).path("plugin").asText(), rest.toString());

            // update: a jar of the next version over the old one
            Path next = withVersion(fakeJar, "0.2.0", kiln.home.resolve("kiln-plugin-fake-0.2.0.jar"));
            long t1 = System.nanoTime();
            drop(next, deployed);
            System.out.println("PLUGIN update->live: " + untilPlugins(t1, items -> fakeAt(items, "0.2.0"), "the update is live") + " ms");
            assertTrue(kiln.client("kiln:plugin-list").contains("0.2.0"));
            String after = kiln.client("kiln:bmc-power node1 status");
            assertTrue(after.contains("node1: power OFF (plugin fake)"), "a new bundle, new in-memory BMCs: " + after);

            // remove
            long t2 = System.nanoTime();
            Files.delete(deployed);
            System.out.println("PLUGIN remove->gone: " + untilPlugins(t2, items -> items.size() == 0, "the plugin is gone") + " ms");
            String gone = kiln.client("kiln:plugin-explain node1");
            assertTrue(gone.contains("power: none") && gone.contains("plugin 'fake' named by the host is not deployed (no plugins are deployed)"), gone);
            assertOneLineError(kiln.client("kiln:bmc-power node1 on"),
                    "host 'node1': no plugin for power: plugin 'fake' named by the host is not deployed (no plugins are deployed)");
            Http refused = kiln.rest("POST", "/hosts/node1/power", "{\"action\":\"on\"}");
            assertEquals(503, refused.status(), refused.toString());
            JsonNode health = kiln.http().get("/health").json();
            assertEquals("DEGRADED", health.path("subsystems").path("plugins").asText(), health.toString());
            String status = kiln.client("kiln:status");
            assertTrue(status.lines().anyMatch(l -> l.startsWith("plugins ") && l.contains("degraded")), status);
            String reason = "";
            for (JsonNode x : kiln.rest("GET", "/status", null).json().path("subsystems")) {
                if (x.path("name").asText().equals("plugins")) reason = x.path("reason").asText();
            }
            assertEquals("hosts name a plugin that is not deployed: node1 (fake)", reason, "and only that");
            Thread.sleep(2000); // and the load runs on after it
            Http host = kiln.rest("GET", "/hosts/node1", null);
            assertTrue(host.body().contains("rack1-bmc") && !host.body().contains(SECRET), host.body());
            Exec.Result grep = Exec.run(30, "grep", "-rl", "--", SECRET, kiln.home.resolve("data").toString());
            assertEquals("", grep.out().trim(), "the password is in no file under data/ (store, logs): " + grep.out());
        } finally {
            load.close();
        }
        Map<String, Long> counts = load.counts();
        System.out.println("PLUGIN load during deploy/update/remove: " + counts + ", failed: " + load.failures.size());
        assertTrue(counts.get("http") > 0 && counts.get("tftp") > 0 && counts.get("dhcp") > 0, counts.toString());
        assertEquals(java.util.List.of(), load.failures, "no request failed");
        assertFalse(kiln.log().contains("Exception in thread \"kiln-plugin"), "no plugin thread died");
    }

    /**
     * The README's "Write a hardware plugin" guide, as written: the SPI installed on its own, the example copied out of
     * the tree and built there (no Kiln parent, not in the reactor), its jar dropped into deploy/, then the guide's
     * kiln: lines. Maven runs offline on the build's own repository (nothing to fetch: the same plugins built Kiln).
     */
    @Test
    @Order(2)
    void theReadmeGuidesPluginIsBuiltOutsideTheReactorAndGoesLive() throws Exception {
        String heading = "### Write a hardware plugin";
        Path root = ReadmeIT.README.getParent();
        Path outside = Files.createTempDirectory("kiln-my-plugin-");
        try {
            StringBuilder script = new StringBuilder("set -euo pipefail\n")
                    .append("mvn() { command mvn -o -B -Dmaven.repo.local='").append(System.getProperty("kiln.m2")).append("' \"$@\"; }\n");
            for (String line : ReadmeIT.lines(heading, "")) {
                if (!line.startsWith("mvn ") && !line.startsWith("cp ") && !line.startsWith("(cd ")) continue;
                script.append(line.replace("/tmp/my-plugin", outside.resolve("my-plugin").toString())
                        .replace("karaf-distribution/target/assembly/", kiln.home + "/")).append('\n');
            }
            assertTrue(script.toString().contains("kiln-vendor-spi") && script.toString().contains("package"), script.toString());
            Exec.Result built = Exec.run(600, root, java.util.List.of("bash", "-c", script.toString()));
            assertEquals(0, built.code(), "the guide's build as written:\n" + script + built.out());
            assertTrue(Files.isRegularFile(outside.resolve("my-plugin/target/kiln-plugin-example-1.0.0.jar")), built.out());
            assertTrue(Files.isRegularFile(kiln.home.resolve("deploy/kiln-plugin-example-1.0.0.jar")), "the guide dropped it into deploy/");

            untilPlugins(System.nanoTime(), items -> items.toString().contains("\"example-pdu\""), "the example plugin is live");
            java.util.List<String> commands = ReadmeIT.commands(heading);
            assertEquals(5, commands.size(), commands.toString());
            String list = kiln.client(commands.get(0));
            assertTrue(list.contains("example-pdu") && list.contains("kiln-plugin-example") && list.contains("power")
                    && list.contains("BMC addresses pdu://"), list);
            assertTrue(kiln.client(commands.get(1)).contains("Added host shelf1"));
            String explain = kiln.client(commands.get(2));
            assertTrue(explain.contains("power: example-pdu") && explain.contains("is a pdu:// address") && !explain.contains("problem:"), explain);
            assertTrue(kiln.client(commands.get(3)).contains("shelf1: power on accepted; power ON (plugin example-pdu)"));
            assertOneLineError(kiln.client(commands.get(4)), "a PDU outlet has no graceful off; use off");
            assertTrue(kiln.client("kiln:bmc-power shelf1 status").contains("power ON"), "the refused action changed nothing");
            // a host whose outlet is wrong is refused before any call, with validate()'s words
            assertTrue(kiln.client("kiln:host-add --mac 52:54:00:00:20:02 --bmc pdu://rack1-pdu --var pdu.outlet=99 shelf2").contains("Added host shelf2"));
            assertTrue(kiln.client("kiln:plugin-explain shelf2").contains("problem: pdu.outlet = '99' is not an outlet number 1-48"));
            assertOneLineError(kiln.client("kiln:bmc-power shelf2 on"), "pdu.outlet = '99' is not an outlet number 1-48");
        } finally {
            Files.deleteIfExists(kiln.home.resolve("deploy/kiln-plugin-example-1.0.0.jar"));
            Exec.run(30, "rm", "-rf", outside.toString());
        }
    }
}
