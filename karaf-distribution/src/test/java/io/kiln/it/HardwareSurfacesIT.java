package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The vendor-plugin issue's operator surfaces on the assembled appliance, with the fake plugin dropped into deploy/:
 * BMC logins (the password appears in no answer and no file), registering a server from its BMC, firmware inventory
 * and an update followed to its end with what changed, boot device, virtual media, power, inspection; each through
 * the shell (bin/client) and REST; and the refusals (404, 400, 503, 409) as one line, with no ERROR in karaf.log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardwareSurfacesIT {
    static final String SECRET_SHELL = "shell-pw-" + Long.toHexString(System.nanoTime());
    static final String SECRET_REST = "rest-pw-" + Long.toHexString(System.nanoTime() ^ 0x5f5f);
    static NetworkLab lab;
    static KilnAppliance kiln;
    /** Every REST answer of this test: none may carry a password. */
    static final List<Http> answers = new ArrayList<>();
    /** The host bmc-add registered from fake://rack1/node7, named from its serial. */
    static String node7;
    static long errorsBefore;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("hws", 23);
        kiln = new KilnAppliance("hws", lab);
        // a firmware update's progress every second: the fake BMC's update ends on its second poll
        kiln.appendConfig("io.kiln.plugins", Map.of("firmwarePollSeconds", "1"));
        kiln.start();
        Path jar = Path.of(System.getProperty("kiln.fakePlugin"));
        assertTrue(Files.isRegularFile(jar), "the fake plugin is built first: " + jar);
        Path staging = kiln.home.resolve("plugin-staging.jar");
        Files.copy(jar, staging);
        Files.move(staging, kiln.home.resolve("deploy/kiln-plugin-fake.jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        JsonNode plugins = KilnAppliance.poll(() -> rest("GET", "/plugins", null).json().path("items"), i -> i.size() == 1, Duration.ofSeconds(60),
                Duration.ofMillis(200));
        assertEquals("fake", plugins.path(0).path("name").asText(), plugins.toString());
        errorsBefore = kiln.countLogLines("ERROR");
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    static Http rest(String method, String path, String body) {
        Http r = kiln.rest(method, path, body);
        answers.add(r);
        return r;
    }

    /** A command that must work: no error in its output. */
    static String ok(String command) throws Exception {
        String out = kiln.client(command);
        assertFalse(out.contains("Error executing command") || out.contains("Exception"), command + "\n" + out);
        return out;
    }

    /** A command that must be refused with one line (no stack trace) containing {@code expected}. */
    static void refused(String command, String expected) throws Exception {
        String out = kiln.client(command);
        assertTrue(out.contains(expected), command + "\n" + out);
        assertEquals(1, out.lines().filter(l -> !l.isBlank() && !l.startsWith("client: ")).count(), "one line, no stack trace: " + out);
    }

    static void status(int expected, Http r) {
        assertEquals(expected, r.status(), r.toString());
    }

    @Test
    @Order(1)
    void bmcLoginsAreSetThroughTheShellAndRestAndListedWithoutPasswords() throws Exception {
        Path pw = kiln.home.resolve("rack1.pw");
        Files.writeString(pw, SECRET_SHELL + "\n");
        assertTrue(ok("kiln:credential-set --username admin --password-file " + pw + " rack1-bmc").contains("Stored credential rack1-bmc (user admin)"));
        Files.delete(pw);
        Http put = rest("PUT", "/credentials/rack2-bmc", "{\"username\":\"ops\",\"password\":\"" + SECRET_REST + "\"}");
        status(201, put);
        assertEquals("/api/v1/credentials/rack2-bmc", put.header("Location"));
        // a body Jackson cannot read, and one with the secret as a field name: neither is echoed
        status(400, rest("PUT", "/credentials/rack2-bmc", "{\"username\":\"ops\",\"password\":" + SECRET_REST + "}"));
        status(400, rest("PUT", "/credentials/rack2-bmc", "{\"username\":\"ops\",\"" + SECRET_REST + "\":\"x\"}"));
        JsonNode list = rest("GET", "/credentials", null).json().path("items");
        assertEquals(2, list.size(), list.toString());
        assertEquals(List.of("rack1-bmc admin", "rack2-bmc ops"), List.of(list.get(0).path("name").asText() + " " + list.get(0).path("username").asText(),
                list.get(1).path("name").asText() + " " + list.get(1).path("username").asText()));
        String shell = ok("kiln:credential-list");
        assertTrue(shell.contains("rack1-bmc") && shell.contains("rack2-bmc") && shell.contains("ops"), shell);
        status(201, rest("PUT", "/credentials/spare", "{\"username\":\"u\",\"password\":\"p-" + SECRET_REST + "\"}"));
        status(200, rest("DELETE", "/credentials/spare", null));
        status(404, rest("DELETE", "/credentials/spare", null));
    }

    @Test
    @Order(2)
    void aServerIsRegisteredFromItsBmc() throws Exception {
        ok("kiln:profile-add --kernel vmlinuz --initrd initrd.img microos");
        String added = ok("kiln:bmc-add --credential rack1-bmc --profile microos fake://rack1/node7");
        Matcher m = Pattern.compile("Added host (\\S+) (\\S+) from BMC fake://rack1/node7 \\(plugin fake\\)").matcher(added);
        assertTrue(m.find(), added);
        node7 = m.group(1);
        assertTrue(node7.matches("fake[0-9a-f]+"), "named from the fake BMC's serial: " + node7);
        JsonNode host = rest("GET", "/hosts/" + node7, null).json();
        assertEquals(m.group(2), host.path("macs").get(0).asText());
        assertTrue(host.path("uuid").asText().matches("[0-9a-f-]{36}"), host.toString());
        assertEquals(node7, host.path("serial").asText().toLowerCase(java.util.Locale.ROOT));
        assertEquals("fake://rack1/node7", host.path("bmc").path("address").asText());
        assertEquals("rack1-bmc", host.path("bmc").path("credentialRef").asText());
        assertEquals("microos", host.path("profile").asText());
        JsonNode hw = rest("GET", "/hosts/" + node7 + "/status", null).json().path("hardware");
        assertEquals("15b3:101d@0000:3b:00.0", hw.path("pci").asText(), hw.toString());
        assertEquals("Kiln", hw.path("manufacturer").asText());

        // REST, with a name, under the other login
        Http posted = rest("POST", "/bmcs", "{\"address\":\"fake://rack1/node8\",\"credentialRef\":\"rack2-bmc\",\"name\":\"node8\",\"profile\":\"microos\"}");
        status(201, posted);
        assertEquals("/api/v1/hosts/node8", posted.header("Location"));
        assertEquals("fake", posted.json().path("plugin").asText(), posted.body());
        // a ZTP host with a BMC: its workflow sets a one-time PXE boot and powers it on through the plugin, by itself
        String ztp = KilnAppliance.poll(() -> ok("kiln:workflow-show node8"), o -> o.contains(">3  wait-onboarded"), Duration.ofSeconds(60),
                Duration.ofMillis(500));
        assertTrue(ztp.matches("(?s).*1 +boot-device +boot-device +appliance +SUCCEEDED +1 .*boot device pxe for the next boot.*")
                && ztp.matches("(?s).*2 +power-on +power-on +appliance +SUCCEEDED +1 .*power on: the BMC reports ON \\(plugin fake\\).*"), ztp);
        assertTrue(ok("kiln:bmc-power node8 status").contains("power ON"), "the fake BMC is on");
        // the same servers again: refused, naming the host they are
        refused("kiln:bmc-add --credential rack1-bmc --name again fake://rack1/node7", "BMC fake://rack1/node7 already belongs to host '" + node7 + "'");
        Http again = rest("POST", "/bmcs", "{\"address\":\"fake://rack1/node8\",\"name\":\"again\"}");
        status(409, again);
        assertTrue(again.body().contains("BMC fake://rack1/node8 already belongs to host 'node8'"), again.body());
        refused("kiln:bmc-add --credential rack1-bmc --name node8 fake://rack1/node9", "host 'node8' already exists");
        refused("kiln:bmc-add --credential nope fake://rack1/node9", "BMC credential 'nope' is not stored (kiln:credential-set --username USER nope)");
    }

    @Test
    @Order(3)
    void firmwareIsListedAndAnUpdateIsFollowedToItsEndWithWhatChanged() throws Exception {
        String list = ok("kiln:firmware-list " + node7);
        assertTrue(list.contains(node7 + ": firmware (plugin fake)") && list.contains("BMC") && list.contains("2.1.0"), list);
        String update = ok("kiln:firmware-update --wait " + node7 + " http://127.0.0.1:8080/fw/bmc-2.1.1.bin");
        System.out.println(update);
        assertTrue(update.contains("Firmware update fw-1 of " + node7 + " (plugin fake, http://127.0.0.1:8080/fw/bmc-2.1.1.bin"), update);
        assertTrue(update.contains("): RUNNING 0%"), "the first line is the update as started: " + update);
        assertTrue(update.contains("): DONE 100% bmc updated"), update);
        assertTrue(update.contains("  BMC: 2.1.0 -> 2.1.1"), update);
        String status = ok("kiln:firmware-status " + node7);
        assertTrue(status.contains("fw-1") && status.contains("DONE") && status.contains("BMC: 2.1.0 -> 2.1.1"), status);
        assertTrue(ok("kiln:firmware-list " + node7).contains("2.1.1"));

        // REST: started at once (201, Location), followed until DONE
        assertEquals("1.0.0", rest("GET", "/hosts/node8/firmware", null).json().path("components").get(0).path("version").asText());
        Http started = rest("POST", "/hosts/node8/firmware/updates", "{\"image\":\"http://127.0.0.1:8080/fw/bios-1.0.1.bin\",\"push\":true}");
        status(201, started);
        assertEquals("RUNNING", started.json().path("state").asText(), started.body());
        assertTrue(started.json().path("push").asBoolean());
        String location = started.header("Location");
        assertTrue(location.matches("/api/v1/hosts/node8/firmware/updates/fw-\\d+"), location);
        JsonNode done = KilnAppliance.poll(() -> rest("GET", location.substring("/api/v1".length()), null).json(),
                u -> !u.path("state").asText().equals("RUNNING"), Duration.ofSeconds(60), Duration.ofMillis(300));
        assertEquals("DONE", done.path("state").asText(), done.toString());
        JsonNode change = done.path("changes").get(0);
        assertEquals(List.of("BIOS", "1.0.0", "1.0.1"), List.of(change.path("component").asText(), change.path("oldVersion").asText(),
                change.path("newVersion").asText()), done.toString());
        assertEquals(1, rest("GET", "/hosts/node8/firmware/updates", null).json().path("items").size());
        Http waited = rest("POST", "/hosts/node8/firmware/updates?wait=15", "{\"image\":\"http://127.0.0.1:8080/fw/bmc-2.1.1.bin\"}");
        status(201, waited);
        assertEquals("DONE", waited.json().path("state").asText(), waited.body());
        status(404, rest("GET", "/hosts/node8/firmware/updates/fw-999", null));
        refused("kiln:firmware-status node8 fw-999", "host 'node8' has no firmware update 'fw-999'");
    }

    @Test
    @Order(4)
    void bootDeviceThenWhatTheHostBootsAndWhichPluginServesIt() throws Exception {
        String pxe = ok("kiln:bmc-boot " + node7 + " pxe");
        assertTrue(pxe.contains(node7 + ": boot device pxe set, next boot only (plugin fake)"), pxe);
        String explain = ok("kiln:plugin-explain " + node7);
        assertTrue(explain.contains("boot: fake") && explain.contains("why: claims BMC fake://rack1/node7"), explain);
        String mac = rest("GET", "/hosts/" + node7, null).json().path("macs").get(0).asText();
        String boot = ok("kiln:boot-explain " + mac);
        assertTrue(boot.contains("'" + node7 + "'") && boot.contains("microos"), "what it gets when it PXE-boots now: " + boot);
        String status = ok("kiln:status");
        assertTrue(status.lines().anyMatch(l -> l.startsWith("plugins ") && l.contains("up")), status);
        // http without a URL: the one Kiln's boot decision gives the host
        Http http = rest("POST", "/hosts/" + node7 + "/boot-device", "{\"device\":\"http\",\"persistent\":true}");
        status(200, http);
        assertEquals("http://" + lab.serverIp + ":8080/boot/loaders/snponly.efi", http.json().path("url").asText(), http.body());
        assertTrue(http.json().path("persistent").asBoolean());
        String given = ok("kiln:bmc-boot --persistent --url http://127.0.0.1:8080/boot/loaders/other.efi " + node7 + " http");
        assertTrue(given.contains("boot device http http://127.0.0.1:8080/boot/loaders/other.efi set, from now on"), given);
        status(200, rest("POST", "/hosts/node8/boot-device", "{\"device\":\"disk\"}"));
    }

    @Test
    @Order(5)
    void virtualMediaPowerAndInspection() throws Exception {
        String in = ok("kiln:bmc-media " + node7 + " insert http://127.0.0.1:8080/boot/rescue.iso");
        assertTrue(in.contains(node7 + ": virtual media http://127.0.0.1:8080/boot/rescue.iso inserted (plugin fake)"), in);
        assertTrue(ok("kiln:bmc-media " + node7 + " eject").contains(node7 + ": virtual media ejected (plugin fake)"));
        Http media = rest("POST", "/hosts/node8/virtual-media", "{\"action\":\"insert\",\"image\":\"http://127.0.0.1:8080/boot/rescue.iso\"}");
        status(200, media);
        assertEquals("insert", media.json().path("action").asText());
        status(200, rest("POST", "/hosts/node8/virtual-media", "{\"action\":\"eject\"}"));

        String cycle = ok("kiln:bmc-power " + node7 + " cycle");
        assertTrue(cycle.contains(node7 + ": power cycle accepted; power ON (plugin fake)"), cycle);
        assertEquals("ON", rest("POST", "/hosts/node8/power", "{\"action\":\"cycle\"}").json().path("state").asText());

        // inspection refreshes the facts inspection owns and keeps the others
        String etag = rest("GET", "/hosts/node8/status", null).header("ETag");
        status(200, kiln.rest("PUT", "/hosts/node8/status", "{\"currentState\":\"REGISTERED\",\"hardware\":{\"cpu\":\"2x EPYC\",\"pci\":\"dead:beef\"}}",
                "If-Match: " + etag));
        String inspect = ok("kiln:bmc-inspect node8");
        assertTrue(inspect.contains("node8: hardware facts refreshed (plugin fake)") && inspect.contains("pci: 15b3:101d@0000:3b:00.0"), inspect);
        JsonNode hw = rest("GET", "/hosts/node8/status", null).json().path("hardware");
        assertEquals("15b3:101d@0000:3b:00.0", hw.path("pci").asText(), hw.toString());
        assertEquals("2x EPYC", hw.path("cpu").asText(), hw.toString());
        Http restInspect = rest("POST", "/hosts/" + node7 + "/inspection", null);
        status(200, restInspect);
        assertEquals(String.valueOf(64L << 30), restInspect.json().path("hardware").path("memory").asText(), restInspect.body());
    }

    @Test
    @Order(6)
    void refusalsAreOneLineWithTheRightStatusAndNoErrorInTheLog() throws Exception {
        ok("kiln:host-add --mac 52:54:00:23:00:99 bare");
        ok("kiln:host-add --mac 52:54:00:23:00:98 --bmc https://10.0.0.9 nobmcplugin");
        // unknown host
        refused("kiln:bmc-boot nobody pxe", "no host named 'nobody'");
        status(404, rest("POST", "/hosts/nobody/boot-device", "{\"device\":\"pxe\"}"));
        status(404, rest("GET", "/hosts/nobody/firmware", null));
        // a host without a BMC
        refused("kiln:bmc-inspect bare", "host 'bare' has no BMC");
        Http bare = rest("POST", "/hosts/bare/inspection", null);
        status(400, bare);
        assertTrue(bare.body().contains("host 'bare' has no BMC"), bare.body());
        // no plugin serves it: 503 with the reason
        String reason = "host 'nobmcplugin': no plugin for firmware: no deployed plugin that implements firmware claims BMC https://10.0.0.9";
        refused("kiln:firmware-list nobmcplugin", reason);
        Http none = rest("GET", "/hosts/nobmcplugin/firmware", null);
        status(503, none);
        assertEquals(reason, none.json().path("detail").asText(), none.body());
        refused("kiln:firmware-update nobmcplugin http://127.0.0.1:8080/fw/x.bin", "host 'nobmcplugin': no plugin for firmware");
        // bad actions name what is allowed
        refused("kiln:bmc-media " + node7 + " explode", "virtual media action 'explode' is not one of insert, eject");
        Http badMedia = rest("POST", "/hosts/" + node7 + "/virtual-media", "{\"action\":\"explode\"}");
        status(400, badMedia);
        assertTrue(badMedia.body().contains("virtual media action 'explode' is not one of insert, eject"), badMedia.body());
        refused("kiln:bmc-boot " + node7 + " floppy", "boot device 'floppy' is not one of pxe, http, cd, disk");
        Http badBoot = rest("POST", "/hosts/" + node7 + "/boot-device", "{\"device\":\"floppy\"}");
        status(400, badBoot);
        assertTrue(badBoot.body().contains("is not one of pxe, http, cd, disk"), badBoot.body());
        refused("kiln:bmc-media " + node7 + " insert ftp://x/y.iso", "image URL 'ftp://x/y.iso' is not an http:// or https:// URL");
        status(400, rest("POST", "/hosts/" + node7 + "/firmware/updates", "{\"image\":\"http://x/y\",\"force\":true}"));
        status(405, rest("DELETE", "/hosts/" + node7 + "/firmware", null));
        assertEquals(errorsBefore, kiln.countLogLines("ERROR"), "refused commands and calls are no ERROR in karaf.log:\n" + kiln.logTail());
    }

    @Test
    @Order(7)
    void thePasswordsAppearInNoAnswerAndNoFile() throws Exception {
        assertTrue(answers.size() > 30, "answers seen: " + answers.size());
        for (Http a : answers) {
            assertFalse(a.body().contains(SECRET_REST) || a.body().contains(SECRET_SHELL) || a.headers().contains(SECRET_REST), a.toString());
        }
        assertFalse(kiln.log().contains(SECRET_REST) || kiln.log().contains(SECRET_SHELL), "karaf.log holds no password");
        for (String secret : List.of(SECRET_REST, SECRET_SHELL)) {
            Exec.Result grep = Exec.run(30, "grep", "-rl", "--", secret, kiln.home.resolve("data").toString(), kiln.home.resolve("etc").toString());
            assertEquals("", grep.out().trim(), "the password is in no file under data/ or etc/: " + grep.out());
        }
        assertNotNull(node7);
    }

    /**
     * The three driver plugins dropped in next to the fake one: a GPU server's PCI devices (a fact, as inspection or
     * the node agent would write it) get a driver plan that kiln:drivers-explain and REST explain device by device,
     * and that reaches the host's autoinstall user-data and its micro-OS module list.
     */
    @Test
    @Order(8)
    void driverPluginsPlanAGpuServersDriversIntoItsInstallerFiles() throws Exception {
        for (String jar : System.getProperty("kiln.driverPlugins").split(",")) {
            Path j = Path.of(jar);
            assertTrue(Files.isRegularFile(j), "the driver plugins are built first: " + j);
            Path staging = kiln.home.resolve("plugin-staging.jar");
            Files.copy(j, staging, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging, kiln.home.resolve("deploy/" + j.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        JsonNode plugins = KilnAppliance.poll(() -> rest("GET", "/plugins", null).json().path("items"), i -> i.size() == 4, Duration.ofSeconds(60),
                Duration.ofMillis(200));
        assertEquals(4, plugins.size(), plugins.toString());
        // the README's lines, as written: a profile, the host, its pci fact, the explanation
        List<String> readme = ReadmeIT.commands("#### Driver selection");
        assertTrue(readme.size() >= 4 && readme.get(readme.size() - 1).equals("kiln:drivers-explain gpu-1"), readme.toString());
        for (String line : readme.subList(0, readme.size() - 1)) ok(line);
        String explain = ok(readme.get(readme.size() - 1));
        System.out.println(explain);
        for (String expected : List.of("ubuntu", "drivers-nvidia", "hopper", "nvswitch", "drivers-mellanox", "mlx5", "drivers-intel-nic", "ice",
                "nvidia-fabricmanager-580", "mlx5_core", "intel/ice/ddp/ice.pkg", "modprobe.blacklist=nouveau")) {
            assertTrue(explain.contains(expected), expected + " in:\n" + explain);
        }
        JsonNode plan = rest("GET", "/hosts/gpu-1/drivers", null).json();
        assertEquals(4, plan.path("devices").size(), plan.toString());
        // a device no deployed plugin serves is listed as such
        ok("kiln:host-add --mac 52:54:00:23:00:41 --profile ubuntu-2404-autoinstall virtio-1");
        ok("kiln:host-state --hardware pci=\"1af4:1000@00:03.0\" virtio-1");
        assertTrue(ok("kiln:drivers-explain virtio-1").contains("no deployed plugin selects drivers for PCI vendor 1af4"));
        assertTrue(plan.path("packages").toString().contains("nvidia-driver-580-server-open") && plan.path("modules").toString().contains("ice"),
                plan.toString());
        status(404, rest("GET", "/hosts/nope/drivers", null));
        String userData = kiln.http().get("/autoinstall/gpu-1/user-data").body();
        assertTrue(userData.contains("nvidia-driver-580-server-open") && userData.contains("rdma-core"), userData);
        String modules = kiln.http().get("/drivers/gpu-1/modules").body();
        assertTrue(modules.lines().toList().containsAll(List.of("nvidia", "mlx5_core", "ice")), modules);
        assertEquals(errorsBefore, kiln.countLogLines("ERROR"), "no ERROR in karaf.log:\n" + kiln.logTail());
    }
}
