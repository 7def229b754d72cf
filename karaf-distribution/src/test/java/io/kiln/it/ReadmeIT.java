package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's examples, read from README.md itself and run as written on a fresh appliance: the quick start and the
 * shop-7 site (every {@code kiln:} line of those sections), then every per-host file of every host they create
 * fetched as its installer would (cloud-init user-data through the real {@code cloud-init schema}). A newcomer
 * following the README found that shop-7's role-only hosts never booted and that files of a fresh site were 500s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeIT {
    static final Path README = Path.of(System.getProperty("kiln.readme", "../README.md")).toAbsolutePath().normalize();
    static NetworkLab lab;
    static KilnAppliance kiln;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("readme", 6);
        kiln = new KilnAppliance("readme", lab);
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    /** The {@code kiln:} lines of the fenced blocks of one README section, without their trailing comments. */
    static List<String> commands(String heading) throws Exception {
        return lines(heading, "kiln:");
    }

    /** The lines starting with {@code prefix} in the fenced blocks of one README section, without trailing comments. */
    static List<String> lines(String heading, String prefix) throws Exception {
        String text = Files.readString(README);
        int at = text.indexOf(heading + "\n");
        assertTrue(at >= 0, "README has no section '" + heading + "'");
        int end = text.indexOf("\n#", at + heading.length());
        String section = text.substring(at, end < 0 ? text.length() : end);
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (fenced && line.startsWith(prefix)) {
                out.add(line.replaceAll("\\s{2,}#.*$", "").trim());
            }
        }
        assertFalse(out.isEmpty(), "no " + prefix + " lines in '" + heading + "'");
        return out;
    }

    /** The lines of the fenced block of a README section that starts with {@code first}, without "..." lines. */
    static List<String> sampleOutput(String heading, String first) throws Exception {
        String text = Files.readString(README);
        String section = text.substring(text.indexOf(heading + "\n"));
        int start = section.indexOf("```\n" + first);
        assertTrue(start >= 0, "no sample output starting with '" + first + "' in " + heading);
        String block = section.substring(start + 4, section.indexOf("\n```", start + 4));
        return block.lines().filter(l -> !l.isBlank() && !l.trim().equals("...")).toList();
    }

    /** What a command prints when it worked (a refusal is one line saying what is wrong). */
    static String expected(String command) {
        String name = command.contains(" ") ? command.substring(0, command.indexOf(' ')) : command;
        if (name.endsWith("-add")) return "Added ";
        return switch (name) {
            case "kiln:boot-explain" -> "Decision:";
            case "kiln:host-show" -> "Boots:";
            case "kiln:host-vars" -> "Overrides";
            default -> "";
        };
    }

    static void runAll(List<String> commands) throws Exception {
        for (String c : commands) {
            String out = kiln.client(c);
            assertTrue(out.contains(expected(c)) && !out.contains("Exception"), "README command failed:\n" + c + "\n" + out);
        }
    }

    /** The README's workflow section as written: its template applied as GitOps applies it, then its commands. */
    @Test
    void theWorkflowExamplesRunAsWritten() throws Exception {
        String text = Files.readString(README);
        String section = text.substring(text.indexOf("### Workflows\n"));
        int start = section.indexOf("```yaml\nname: gpu-node");
        assertTrue(start >= 0, "the Workflows section shows the gpu-node template");
        String yaml = section.substring(start + 8, section.indexOf("\n```", start + 8)) + "\n";
        Path dir = Files.createDirectories(kiln.home.resolve("readme-workflows/workflows"));
        Files.writeString(dir.resolve("gpu-node.yaml"), yaml);
        String applied = kiln.client("kiln:inventory-apply " + dir.getParent());
        assertTrue(applied.contains("workflows/gpu-node"), applied);
        String templates = kiln.client("kiln:workflow-templates");
        assertTrue(templates.contains("gpu-node: GPU nodes") && !templates.contains("PROBLEM"), templates);
        for (String c : commands("### Workflows")) {
            String out = kiln.client(c);
            assertTrue(!out.contains("Error") && !out.contains("Exception") && out.contains(expected(c)), "README command failed:\n" + c + "\n" + out);
        }
        String show = kiln.clientUntil("kiln:workflow-show wf-demo", o -> o.contains("State:     SUCCEEDED"), java.time.Duration.ofSeconds(30));
        assertTrue(show.contains("Workflow:  attach") && show.matches("(?s).*1 +inspect +inspect +appliance +SKIPPED .*")
                && show.matches("(?s).*2 +adopt +adopt +appliance +SUCCEEDED .*"), show);
        // "Kiln leaves it alone: ... its network boot goes to its disk", whatever it would boot otherwise
        assertTrue(kiln.client("kiln:host-detach wf-demo").contains("Host wf-demo is detached"));
        String explain = kiln.client("kiln:boot-explain --ipxe 52:54:00:42:00:01");
        assertTrue(explain.contains("host 'wf-demo': it is detached") && explain.contains("the iPXE script will exit"), explain);
        Http script = kiln.http().get("/boot/ipxe?mac=52:54:00:42:00:01");
        assertTrue(script.body().contains("it is detached") && script.body().contains("exit") && !script.body().contains("kernel "), script.body());
        assertTrue(!kiln.client("kiln:host-attach wf-demo").contains("Error"));
        assertTrue(!kiln.http().get("/boot/ipxe?mac=52:54:00:42:00:01").body().contains("it is detached"), "attached again");
    }

    static Path fetch(String path) throws Exception {
        Path f = Files.createTempFile(Files.createDirectories(kiln.home.resolve("fetched")), "readme", ".cfg");
        Http r = kiln.http().download(path, f);
        assertEquals(200, r.status(), path + ": " + r + "\n" + Files.readString(f));
        return f;
    }

    static void assertCloudConfig(String path) throws Exception {
        Path f = fetch(path);
        Exec.Result r = Exec.run(60, "cloud-init", "schema", "--config-file", f.toString());
        assertEquals(0, r.code(), path + ": " + r.out() + "\n" + Files.readString(f));
    }

    @Test
    @Order(1)
    void theQuickStartRunsAsWritten() throws Exception {
        runAll(commands("## Quick start: boot a machine"));
        String explain = kiln.client("kiln:boot-explain --arch 7 52:54:00:12:34:56");
        // every line of the README's sample answer is in the real one ("..." stands for lines it leaves out)
        List<String> shown = sampleOutput("## Quick start: boot a machine", "Machine:");
        assertTrue(shown.size() > 8, shown.toString());
        for (String line : shown) assertTrue(explain.contains(line), "README shows\n" + line + "\nbut Kiln says\n" + explain);
        // the kernel and initrd are not in data/kiln/artifacts/ yet: the explanation says the boot will fail, and where it looked
        for (String file : List.of("kernel 'vmlinuz'", "initrd 'initrd.img'")) {
            String name = file.substring(file.indexOf('\'') + 1, file.length() - 1);
            assertTrue(explain.contains("boot will fail: " + file + " of profile 'microos' is not in the artifacts directory (")
                    && explain.contains("data/kiln/artifacts/" + name + ": no such file); iPXE gets a 404"), explain);
        }
        for (String file : List.of("meta-data", "network-config")) fetch("/cloud-init/edge-01/" + file);
        assertCloudConfig("/cloud-init/edge-01/user-data");
        // each file served is on the host's timeline, by the path asked (host included)
        String events = kiln.client("kiln:host-events edge-01");
        for (String file : List.of("meta-data", "network-config", "user-data")) {
            assertTrue(events.matches("(?s).*config-served +/cloud-init/edge-01/" + file + " from cloud-init/" + file + " .*"), events);
        }
        // the same file as the shell previews it (GET /api/v1/boot/file's twin)
        String preview = kiln.client("kiln:boot-file /cloud-init/edge-01/meta-data");
        assertTrue(preview.contains("local-hostname: \"edge-01\"") && !preview.contains("Error"), preview);
        // the README's way to script the shell, as written, from Kiln's home (the other tests use ssh with a key)
        List<String> scripted = lines("## Quick start: boot a machine", "echo 'kiln:host-list' | bin/client");
        Exec.Result r = Exec.run(90, kiln.home, NetworkLab.inNs(kiln.ns, "sh", "-c", scripted.get(0)));
        assertTrue(r.ok() && r.out().contains("edge-01") && r.out().contains("52:54:00:12:34:56"), scripted.get(0) + "\n" + r.out());
    }

    @Test
    @Order(2)
    void theShop7SiteRunsAsWrittenAndItsRoleOnlyHostsBoot() throws Exception {
        runAll(commands("### Sites, roles, clusters and instances"));
        for (String host : List.of("n1", "n2", "n3")) {
            // a host with only a role boots the role's profile (it used to be IGNORE: "host has no boot profile")
            String explain = kiln.client("kiln:boot-explain --arch 7 --ipxe " + mac(host));
            assertTrue(explain.contains("Decision: IPXE_SCRIPT") && explain.contains("profile 'microos' from its instance"), explain);
            assertTrue(kiln.http().get("/boot/ipxe?mac=" + mac(host)).body().contains("kernel "), host + " gets a script that boots");
            assertTrue(kiln.client("kiln:host-show " + host).contains("Cluster:   k3 (control-plane)"));
        }
        String lab9 = kiln.client("kiln:boot-explain --arch 7 --ipxe 52:54:00:00:07:09");
        assertTrue(lab9.contains("Decision: IPXE_SCRIPT") && lab9.contains("profile 'microos' from its instance"), lab9);
        for (String host : List.of("n1", "n2", "n3", "lab-9")) {
            fetch("/cloud-init/" + host + "/meta-data");
            fetch("/cloud-init/" + host + "/network-config");
            assertCloudConfig("/cloud-init/" + host + "/user-data");
        }
        String n1 = Files.readString(fetch("/cloud-init/n1/user-data"));
        assertTrue(n1.contains("KILN_CLUSTER=") && n1.contains("10.7.0.50"), "the cluster reaches its members: " + n1);
    }

    static String mac(String host) {
        return "52:54:00:00:07:0" + host.charAt(1);
    }

    @Test
    @Order(3)
    void everyInstallMethodsFilesRenderOnAFreshSite() throws Exception {
        runAll(List.of("kiln:site-add --network 10.60.0.0/24,gateway=10.60.0.1,pool=10.60.0.100-10.60.0.150 lab"));
        String[][] methods = {{"autoinstall", "/autoinstall/%s/user-data"}, {"kickstart", "/kickstart/%s/ks.cfg"},
                {"preseed", "/preseed/%s/preseed.cfg"}, {"image", "/cloud-init/%s/user-data"}};
        int i = 1;
        for (String[] m : methods) {
            String host = m[0].substring(0, 2) + i;
            runAll(List.of("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline x --install " + m[0] + " os-" + m[0],
                    "kiln:host-add --mac 52:54:00:60:00:0" + i + " --site lab --profile os-" + m[0] + " " + host));
            String explain = kiln.client("kiln:boot-explain --arch 7 --ipxe 52:54:00:60:00:0" + i);
            assertTrue(explain.contains("Files:") && !explain.contains("WILL FAIL"), explain);
            Path f = fetch(String.format(m[1], host));
            if (!m[0].equals("kickstart") && !m[0].equals("preseed")) {
                Exec.Result r = Exec.run(60, "cloud-init", "schema", "--config-file", f.toString());
                assertEquals(0, r.code(), m[0] + ": " + r.out() + "\n" + Files.readString(f));
            }
            i++;
        }
    }

    @Test
    @Order(4)
    void aRefusedCommandIsOneLineAndNoStackTraceInTheLog() throws Exception {
        long errors = kiln.countLogLines("ERROR");
        String out = kiln.client("kiln:host-add --mac 52:54:00:12:34:56 --profile microos edge-02");
        assertTrue(out.contains("MAC 52:54:00:12:34:56 already belongs to host 'edge-01'"), out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), out);
        assertTrue(kiln.client("kiln:host-show nobody").contains("no host named 'nobody'"));
        assertEquals(errors, kiln.countLogLines("ERROR"), "an operator's mistake is not an ERROR in karaf.log:\n" + kiln.logTail());
    }

    @Test
    @Order(5)
    void rulesAreRefusedAlikeByTheShellAndRestWithTheRightName() throws Exception {
        // on the README's shop-7 (10.7.0.0/24, pool .100-.199, cluster k3 with VIPs .50/.51, n1-n3 at .11-.13)
        String[][] cases = {
                {"kiln:host-add --mac 52:54:00:00:07:21 --site shop-7 --ip 10.7.0.150 p1",
                        "{\"name\":\"p1\",\"macs\":[\"52:54:00:00:07:21\"],\"site\":\"shop-7\",\"ipv4\":\"10.7.0.150\"}", "/hosts",
                        "host 'p1': address 10.7.0.150 lies in DHCP pool 10.7.0.100-10.7.0.199 of site 'shop-7'"},
                {"kiln:host-add --mac 52:54:00:00:07:22 --site shop-7 --ip 10.7.0.11 p2",
                        "{\"name\":\"p2\",\"macs\":[\"52:54:00:00:07:22\"],\"site\":\"shop-7\",\"ipv4\":\"10.7.0.11\"}", "/hosts",
                        "IPv4 10.7.0.11 is already reserved for host 'n1'"},
                {"kiln:cluster-add --site shop-7 --member n1:worker --network 10.7.0.0/24 --api-vip 10.7.0.11 --ingress-vip 10.7.0.11 w1",
                        "{\"name\":\"w1\",\"site\":\"shop-7\",\"members\":[{\"host\":\"n1\",\"role\":\"WORKER\"}],"
                                + "\"machineNetwork\":\"10.7.0.0/24\",\"apiVip\":\"10.7.0.11\",\"ingressVip\":\"10.7.0.11\"}", "/clusters",
                        "cluster 'w1': host 'n1' already belongs to cluster 'k3'"},
                {"kiln:site-add --network 10.50.0.5/24 hb", "{\"name\":\"hb\",\"networks\":[{\"subnet\":\"10.50.0.5/24\"}]}", "/sites",
                        "site 'hb' network 10.50.0.5/24: host bits are set: the network is 10.50.0.0/24 (write that)"}};
        Curl rest = kiln.http().api();
        for (String[] c : cases) {
            String shell = kiln.client(c[0]);
            assertTrue(shell.contains(c[3]) && !shell.contains("Added"), c[0] + "\n" + shell);
            Http r = rest.request("POST", c[2], c[1], "Content-Type: application/json");
            assertEquals(400 <= r.status() && r.status() < 500, true, r.toString());
            assertTrue(r.json().path("detail").asText().contains(c[3]), r.body());
        }
        assertTrue(kiln.client("kiln:cluster-add --site shop-7 --member n1:worker --network 10.7.0.0/24 --api-vip 10.7.0.11 --ingress-vip 10.7.0.11 w1")
                .contains("a single-node cluster's member must be control-plane, not worker"), "every reason at once");
    }
}
