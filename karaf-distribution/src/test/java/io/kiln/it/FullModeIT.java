package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kiln as the network's DHCP server (mode = full): addresses, reservations, PXE/iPXE answers, leases kept across a
 * restart; real clients served through a flood of DISCOVERs from random MACs; another DHCP server noticed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullModeIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    /** Mounted before Kiln starts: Kiln runs in a mount namespace of its own (ip netns exec) that copies the mounts then. */
    static PowerCutDisk disk;
    static final String BIOS = "52:54:00:01:00:00", EFI = "52:54:00:01:00:07", HTTP = "52:54:00:01:00:16",
            RESERVED = "52:54:00:01:00:50", STRANGER = "52:54:00:01:ff:ff";
    static final int OFFER_SECONDS = 5;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("full", 1);
        disk = new PowerCutDisk("full-powercut");
        kiln = new KilnAppliance("full", lab);
        // 151 addresses (.100-.250), as a small site would have: a flood of DISCOVERs could take them all (test 10)
        Map<String, String> dhcp = KilnAppliance.fullModeDhcp(lab.serverIf, lab.prefix, 250);
        dhcp.put("pool.lab.dns", lab.serverIp);
        dhcp.put("offerSeconds", String.valueOf(OFFER_SECONDS));
        kiln.config("io.kiln.dhcp", dhcp).start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab, disk);
    }

    @Test
    @Order(1)
    void operatorRegistersProfileAndHosts() throws Exception {
        String out = kiln.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline 'console=ttyS0 kiln.host=${host}' microos");
        assertTrue(out.contains("Added profile microos"), out);
        for (String[] h : new String[][] {{"bios-1", BIOS}, {"efi-1", EFI}, {"http-1", HTTP}}) {
            out = kiln.client("kiln:host-add --mac " + h[1] + " --profile microos " + h[0]);
            assertTrue(out.contains("Added host " + h[0]), out);
        }
        out = kiln.client("kiln:host-add --mac " + RESERVED.toUpperCase().replace(':', '-') + " --profile microos --ip " + lab.prefix + "50 fixed-1");
        assertTrue(out.contains("Added host fixed-1 " + RESERVED), out);
        String list = kiln.client("kiln:host-list");
        for (String n : new String[] {"bios-1", "efi-1", "http-1", "fixed-1"}) assertTrue(list.contains(n), list);
        assertTrue(list.contains(lab.prefix + "50"), list);
    }

    @Test
    @Order(2)
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        String out = kiln.client("kiln:host-add --mac 52:54:zz:00:00:01 broken");
        assertTrue(out.contains("not a MAC address"), out);
        assertFalse(out.contains("at io.kiln"), "no stack trace for the operator: " + out);
        out = kiln.client("kiln:host-add --mac " + BIOS + " dup");
        assertTrue(out.contains("already belongs to host 'bios-1'"), out);
        out = kiln.client("kiln:host-add --mac 52:54:00:09:09:09 --profile nosuch orphan");
        assertTrue(out.contains("'nosuch' does not exist"), out);
        String list = kiln.client("kiln:host-list");
        assertFalse(list.contains("broken") || list.contains("dup") || list.contains("orphan"), list);
    }

    @Test
    @Order(3)
    void eachFirmwareGetsItsLoaderAndBootExplainAgrees() throws Exception {
        Object[][] cases = {{BIOS, 0, "undionly.kpxe"}, {EFI, 7, "snponly.efi"},
                {HTTP, 16, "http://" + lab.serverIp + ":8080/boot/loaders/snponly.efi"}};
        for (Object[] c : cases) {
            String mac = (String) c[0];
            int arch = (Integer) c[1];
            Map<String, String> env = Udhcpc.lease(lab, mac, Udhcpc.pxe(arch));
            assertTrue(env.getOrDefault("ip", "").startsWith(lab.prefix + "1"), "address from the pool: " + env);
            assertEquals(c[2], env.get("boot_file"), "arch " + arch);
            if (arch != 16) assertEquals(lab.serverIp, env.get("siaddr"));
            String explain = kiln.client("kiln:boot-explain --arch " + arch + " --server " + lab.serverIp + " " + mac);
            assertEquals(env.get("boot_file"), KilnAppliance.field(explain, "File"), explain);
            assertTrue(explain.contains("Last seen:") && explain.contains("-> ACK file " + env.get("boot_file")), explain);
        }
    }

    /**
     * The DHCP exchanges of test 3 in a host's timeline, in order, through the shell and REST (one shell call: seconds).
     * The workflow engine records there too (the ZTP run waiting for the host): only the DHCP events are compared.
     */
    @Test
    @Order(4)
    void aHostsTimelineShowsItsDhcpExchangeInOrder() throws Exception {
        List<String> exchange = List.of("dhcp-discover", "dhcp-offer", "dhcp-request", "dhcp-ack");
        String out = kiln.clientUntil("kiln:host-events efi-1", o -> types(o, "dhcp").containsAll(exchange), Duration.ofSeconds(15));
        System.out.println("kiln:host-events efi-1:\n" + out);
        List<String> shell = types(out, "dhcp");
        assertInOrder(exchange, shell, out);
        assertTrue(out.contains("dhcp-offer") && out.contains("file snponly.efi") && out.contains("from " + EFI), out);
        assertFalse(out.contains(BIOS) || out.contains(HTTP), "efi-1's events only:\n" + out);

        Http rest = kiln.rest("GET", "/hosts/efi-1/events", null);
        assertEquals(200, rest.status(), rest.toString());
        List<String> restTypes = new ArrayList<>();
        long last = 0;
        for (JsonNode e : rest.json()) {
            assertTrue(e.path("id").asLong() > last, "oldest first, ids increasing: " + rest.body());
            last = e.path("id").asLong();
            assertEquals("efi-1", e.path("host").asText());
            if (e.path("source").asText().equals("DHCP")) restTypes.add(e.path("type").asText());
        }
        assertEquals(shell, restTypes, "the shell and REST show the same DHCP events");
        Http after = kiln.rest("GET", "/hosts/efi-1/events?after=" + last, null);
        for (JsonNode e : after.json()) assertTrue(e.path("id").asLong() > last, "only what came after " + last + ": " + after.body());
        Http unknown = kiln.rest("GET", "/hosts/nobody/events", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.header("Content-Type").startsWith("application/problem+json"), unknown.toString());
        assertTrue(unknown.json().path("detail").asText().startsWith("no host named 'nobody'"), unknown.toString());
    }

    /** The Type column of kiln:host-events, in order, of the rows of one source. */
    static List<String> types(String out, String source) {
        return out.lines().filter(l -> l.matches("^\\d+\\s.*")).map(l -> l.trim().split("\\s+")).filter(c -> c[2].equals(source))
                .map(c -> c[3]).toList();
    }

    static void assertInOrder(List<String> wanted, List<String> got, String out) {
        int at = 0;
        for (String g : got) if (at < wanted.size() && g.equals(wanted.get(at))) at++;
        assertEquals(wanted.size(), at, "expected " + wanted + " in this order in:\n" + out);
    }

    @Test
    @Order(5)
    void ipxeGetsItsScriptUrlNotALoaderAgain() throws Exception {
        Map<String, String> env = Udhcpc.lease(lab, EFI, Udhcpc.ipxe(7));
        assertEquals("http://" + lab.serverIp + ":8080/boot/ipxe?mac=" + EFI, env.get("boot_file"), env.toString());
        String explain = kiln.client("kiln:boot-explain --arch 7 --ipxe --server " + lab.serverIp + " " + EFI);
        assertEquals(env.get("boot_file"), KilnAppliance.field(explain, "File"), explain);
    }

    @Test
    @Order(6)
    void reservationAndUnknownClients() throws Exception {
        assertEquals(lab.prefix + "50", Udhcpc.lease(lab, RESERVED, Udhcpc.pxe(0)).get("ip"));
        Map<String, String> stranger = Udhcpc.lease(lab, STRANGER, Udhcpc.pxe(7));
        assertTrue(stranger.getOrDefault("ip", "").startsWith(lab.prefix + "1"), "full mode still gives an address: " + stranger);
        assertNull(stranger.get("boot_file"), "unknown machine gets no boot file under policy ignore: " + stranger);
        assertTrue(kiln.client("kiln:boot-explain --arch 7 " + STRANGER).contains("IGNORE"));
        // an ordinary client (ISC dhclient, no PXE options) gets an address too
        lab.clientMac("52:54:00:01:ee:01");
        Exec.Result r = lab.client(40, "dhclient", "-1", "-v", "-sf", "/bin/true", "-pf", "/tmp/kiln-it-dhclient.pid",
                "-lf", "/tmp/kiln-it-dhclient.leases", lab.clientIf);
        assertTrue(r.out().contains("DHCPACK of " + lab.prefix + "1"), r.out());
        Exec.run(10, "sh", "-c", "kill $(cat /tmp/kiln-it-dhclient.pid) 2>/dev/null; rm -f /tmp/kiln-it-dhclient.*");
    }

    @Test
    @Order(7)
    void leasesSurviveARestartAndClientsKeepTheirAddress() throws Exception {
        String before = kiln.client("kiln:lease-list");
        String ip = Udhcpc.lease(lab, BIOS, Udhcpc.pxe(0)).get("ip");
        assertTrue(kiln.client("kiln:lease-list").contains(BIOS), before);
        kiln.stop();
        kiln.start();
        String after = kiln.client("kiln:lease-list");
        assertTrue(after.contains(BIOS) && after.contains(ip) && after.contains("BOUND"), after);
        assertEquals(ip, Udhcpc.lease(lab, BIOS, Udhcpc.pxe(0)).get("ip"));
    }

    @Test
    @Order(8)
    void relayedRequestsAreAnsweredToTheRelay() throws Exception {
        // perfdhcp acting as a relay agent at the client's address (giaddr), unicasting to Kiln
        Exec.Result r = lab.client(60, "perfdhcp", "-4", "-r", "20", "-n", "40", "-R", "15", "-l", lab.clientIp, lab.serverIp);
        assertTrue(received(r) > 0, r.out());
        String status = kiln.client("kiln:dhcp-status");
        assertTrue(status.contains("Mode:       full"), status);
    }

    @Test
    @Order(9)
    void aSitesNetworkFromTheInventoryIsServedThroughItsRelay() throws Exception {
        // a relay agent for another subnet: its address there on the client side, Kiln's way back through the link
        Exec.must(10, "ip", "-n", lab.clientNs, "addr", "add", "10.213.77.1/24", "dev", lab.clientIf);
        Exec.must(10, "ip", "-n", lab.serverNs, "route", "add", "10.213.77.0/24", "via", lab.clientIp);
        String site = kiln.client("kiln:site-add --var dns=10.213.77.53 --var domain=site77.example"
                + " --network 10.213.77.0/24,gateway=10.213.77.1,pool=10.213.77.100-10.213.77.149 relay-77");
        assertTrue(site.contains("Added site relay-77"), site);
        Thread.sleep(1500); // the DHCP server re-reads the sites at most once a second
        Exec.Result r = lab.client(60, "perfdhcp", "-4", "-r", "10", "-n", "20", "-R", "10", "-l", "10.213.77.1", lab.serverIp);
        assertTrue(received(r) > 0, r.out());
        String leases = kiln.client("kiln:lease-list");
        assertTrue(leases.contains("10.213.77.1") && leases.contains("relay-77/10.213.77.100-10.213.77.149"),
                "leases from the site's pool, named after it:\n" + leases);
        assertTrue(kiln.client("kiln:dhcp-log").contains("via relay 10.213.77.1"));
        String status = kiln.client("kiln:dhcp-status");
        assertTrue(status.contains("Pool:       relay-77/10.213.77.100-10.213.77.149 on 10.213.77.0/24 (site relay-77): ")
                && status.contains(" of 50 in use") && status.contains("lab on " + lab.prefix + "0/24 (etc/io.kiln.dhcp.cfg)"), status);
    }

    /**
     * {@code /metrics} after the DHCP, TFTP and HTTP traffic of the tests above: the figures moved, the scrape passes
     * {@code promtool check metrics} (Prometheus' own linter), and a client outside allowedClients gets a 403 problem.
     */
    @Test
    @Order(10)
    void metricsCountTheTrafficAndPassPromtool() throws Exception {
        Map<String, Double> before = scrape();
        java.nio.file.Path loader = java.nio.file.Files.createTempFile("kiln-it-metrics", ".kpxe");
        try {
            Exec.Result tftp = lab.client(60, "tftp", "-m", "binary", lab.serverIp, "-c", "get", "undionly.kpxe", loader.toString());
            assertTrue(tftp.ok() && java.nio.file.Files.size(loader) > 0, tftp.out());
            Http ipxe = kiln.http(lab.clientNs, lab.serverIp).get("/boot/ipxe?mac=" + EFI);
            assertEquals(200, ipxe.status(), ipxe.toString());
            long size = java.nio.file.Files.size(loader);
            // the transfer completes when Kiln reads the last ACK, which may come a moment after tftp has exited
            Map<String, Double> after = KilnAppliance.poll(FullModeIT::scrape, m -> m.get("kiln_tftp_transfers_total{outcome=\"completed\"}")
                    > before.get("kiln_tftp_transfers_total{outcome=\"completed\"}"), Duration.ofSeconds(10), Duration.ofMillis(200));
            assertTrue(after.get("kiln_tftp_transfers_total{outcome=\"completed\"}") >= before.get("kiln_tftp_transfers_total{outcome=\"completed\"}") + 1,
                    after.toString());
            assertTrue(after.get("kiln_tftp_bytes_sent_total") >= before.get("kiln_tftp_bytes_sent_total") + size, after.toString());
            assertTrue(after.get("kiln_http_requests_total{area=\"boot\",code=\"200\"}")
                    >= before.getOrDefault("kiln_http_requests_total{area=\"boot\",code=\"200\"}", 0.0) + 1, after.toString());
            // the DHCP exchanges of the tests above, by type, and the leases they left in each pool
            assertTrue(after.get("kiln_dhcp_requests_total{type=\"discover\"}") >= 3, after.toString());
            assertTrue(after.get("kiln_dhcp_answers_total{type=\"offer\"}") >= 3 && after.get("kiln_dhcp_answers_total{type=\"ack\"}") >= 3, after.toString());
            assertTrue(after.get("kiln_dhcp_leases_in_use{pool=\"relay-77/10.213.77.100-10.213.77.149\"}") >= 1, after.toString());
            assertEquals(50.0, after.get("kiln_dhcp_pool_addresses{pool=\"relay-77/10.213.77.100-10.213.77.149\"}"), after.toString());
            assertTrue(after.get("kiln_dhcp_leases_in_use{pool=\"lab\"}") >= 3, after.toString());
            double hosts = after.entrySet().stream().filter(e -> e.getKey().startsWith("kiln_hosts{")).mapToDouble(Map.Entry::getValue).sum();
            assertEquals(4.0, hosts, "bios-1, efi-1, http-1, fixed-1 by state: " + after);
        } finally {
            java.nio.file.Files.deleteIfExists(loader);
        }
        String text = kiln.http().get("/metrics").body();
        for (String family : List.of("kiln_dhcp_drops_total counter", "kiln_workflow_action_duration_seconds histogram",
                "kiln_workflow_actions_total counter", "kiln_plugin_calls_total counter", "kiln_tftp_transfers_active gauge")) {
            assertTrue(text.contains("# TYPE " + family), family + " in:\n" + text);
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kiln-it-scrape", ".txt");
        try {
            java.nio.file.Files.writeString(file, text);
            Exec.Result lint = Exec.run(30, "sh", "-c", "promtool check metrics < " + file);
            assertTrue(lint.ok(), "promtool check metrics: " + lint.out() + "\n" + text);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        Http refused = kiln.http(lab.clientNs, lab.serverIp).get("/metrics");
        assertEquals(403, refused.status(), "allowedClients is this machine only here: " + refused);
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
    }

    /** One scrape from Kiln's own namespace (no login: allowedClients only), each sample line as {@code name{labels} -> value}. */
    static Map<String, Double> scrape() {
        Http r = kiln.http().get("/metrics");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.toString());
        Map<String, Double> out = new java.util.TreeMap<>();
        for (String line : r.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /**
     * A DHCP starvation attack: perfdhcp sends DISCOVERs from random MACs (never a REQUEST) for 10 s, 25,000 of
     * them, while real clients ask with udhcpc's default timing (3 DISCOVERs, 3 s apart): a machine the inventory
     * knows (no lease yet), a reserved one, and two strangers (udhcpc and ISC dhclient). Without offer reuse and
     * limits the flood holds the pool's 151 addresses for as long as it runs. Each client gets an address during the
     * flood; afterwards the refusals are counted by reason, and within offerSeconds the pool holds only what was
     * bound. perfdhcp always acts as a relay agent (giaddr = its address): its share is the relay's, the strangers'
     * the interface's (DhcpResponderTest floods one source with both).
     */
    @Test
    @Order(11)
    void aFloodOfDiscoversFromRandomMacsDoesNotKeepRealClientsFromAnAddress() throws Exception {
        String known = "52:54:00:01:f1:00", stranger = "52:54:00:01:f1:01", dhclientMac = "52:54:00:01:f1:02";
        assertTrue(kiln.client("kiln:host-add --mac " + known + " --profile microos flood-known").contains("Added host flood-known"));
        Process flood = new ProcessBuilder(NetworkLab.inNs(lab.clientNs, "perfdhcp", "-4", "-i", "-r", "2500", "-R", "1000000", "-p", "10",
                "-l", lab.clientIf)).redirectErrorStream(true).start();
        try {
            Thread.sleep(1500); // the flood has offers out for every free address by now
            Map<String, String> k = Udhcpc.lease(lab, known, 3, 3, Udhcpc.pxe(0));
            assertTrue(k.getOrDefault("ip", "").startsWith(lab.prefix), "the inventory's machine gets an address during the flood: " + k);
            assertEquals("undionly.kpxe", k.get("boot_file"));
            assertTrue(flood.isAlive(), "served while the flood still runs");
            assertEquals(lab.prefix + "50", Udhcpc.lease(lab, RESERVED, 3, 3, Udhcpc.pxe(0)).get("ip"));
            Map<String, String> u = Udhcpc.lease(lab, stranger, 3, 3);
            assertTrue(u.getOrDefault("ip", "").startsWith(lab.prefix), "a stranger gets an address during the flood (on its retry): " + u);
            lab.clientMac(dhclientMac);
            Exec.Result r = lab.client(40, "dhclient", "-1", "-v", "-sf", "/bin/true", "-pf", "/tmp/kiln-it-flood-dhclient.pid",
                    "-lf", "/tmp/kiln-it-flood-dhclient.leases", lab.clientIf);
            Exec.run(10, "sh", "-c", "kill $(cat /tmp/kiln-it-flood-dhclient.pid) 2>/dev/null; rm -f /tmp/kiln-it-flood-dhclient.*");
            assertTrue(r.out().contains("DHCPACK of " + lab.prefix), "ISC dhclient gets an address during the flood:\n" + r.out());
        } finally {
            if (!flood.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) flood.destroyForcibly();
        }
        String report = new String(flood.getInputStream().readAllBytes());
        Matcher sent = Pattern.compile("sent packets: (\\d+)").matcher(report);
        assertTrue(sent.find() && Integer.parseInt(sent.group(1)) >= 20_000, "tens of thousands of DISCOVERs: " + report);
        long floodEnd = System.nanoTime();

        JsonNode status = kiln.rest("GET", "/dhcp/status", null).json();
        assertTrue(status.path("alerts").toString().contains("pool lab nearly exhausted"), status.toString());

        // the pool is back within offerSeconds: what is in use is what is bound (REST: the shell takes seconds a call)
        int bound = -1, inUse = -2;
        String after = "";
        while (System.nanoTime() - floodEnd < (OFFER_SECONDS + 5) * 1_000_000_000L) {
            bound = 0;
            for (JsonNode l : kiln.rest("GET", "/leases?limit=1000", null).json().path("items")) {
                if (l.path("pool").asText().equals("lab") && l.path("state").asText().equals("BOUND")
                        && Integer.parseInt(l.path("ip").asText().substring(lab.prefix.length())) >= 100) bound++;
            }
            after = kiln.rest("GET", "/dhcp/status", null).body();
            Matcher m = Pattern.compile("lab on [^:]*: (\\d+) of 151 in use").matcher(after);
            inUse = m.find() ? Integer.parseInt(m.group(1)) : -1;
            if (inUse == bound && !after.contains("nearly exhausted")) break;
            Thread.sleep(500);
        }
        assertEquals(bound, inUse, "only bound leases hold addresses " + OFFER_SECONDS + " s after the flood: " + after);
        assertFalse(after.contains("nearly exhausted"), "the warning ends with the flood: " + after);

        JsonNode refused = status.path("refused");
        assertTrue(refused.path("relay-rate").asLong() > 1000, "the flood was refused and counted: " + status);
        assertEquals(0, refused.path("pool-exhausted").asLong(), status.toString());
        assertTrue(status.path("offersReused").asLong() > 0, status.toString());
        String shell = kiln.client("kiln:dhcp-status");
        assertTrue(shell.contains("Refused:    ") && shell.contains("relay-rate "), shell);
        assertTrue(kiln.client("kiln:dhcp-log -n 200").contains("refused (relay-rate)"));
    }

    /**
     * Another DHCP server on the boot network: a third namespace with dnsmasq (answering by broadcast) joins the
     * client's link through a bridge, and a client asks on the bridge. Kiln sees dnsmasq's OFFER on its port 68 and
     * raises an alert in kiln:dhcp-status, the REST API and the event log. (Last: it rewires the client's side.)
     */
    @Test
    @Order(12)
    void anotherDhcpServerOnTheBootNetworkIsNoticed() throws Exception {
        assertFalse(kiln.client("kiln:dhcp-status").contains("rogue"));
        String rogueNs = lab.clientNs.replaceAll("-c$", "-r"), rogueIp = lab.prefix + "9";
        Exec.run(10, "ip", "netns", "del", rogueNs);
        Exec.must(10, "ip", "netns", "add", rogueNs);
        Process rogue = null;
        try {
            Exec.must(10, "ip", "-n", lab.clientNs, "link", "add", "kb0", "type", "bridge", "forward_delay", "0", "stp_state", "0");
            Exec.must(10, "ip", "-n", lab.clientNs, "link", "add", "kr0", "type", "veth", "peer", "name", "kr1", "netns", rogueNs);
            for (String port : List.of(lab.clientIf, "kr0")) Exec.must(10, "ip", "-n", lab.clientNs, "link", "set", port, "master", "kb0");
            for (String dev : List.of("kb0", "kr0")) Exec.must(10, "ip", "-n", lab.clientNs, "link", "set", dev, "up");
            Exec.must(10, "ip", "-n", rogueNs, "addr", "add", rogueIp + "/24", "dev", "kr1");
            Exec.must(10, "ip", "-n", rogueNs, "link", "set", "kr1", "up");
            rogue = new ProcessBuilder(NetworkLab.inNs(rogueNs, "dnsmasq", "--keep-in-foreground", "--port=0", "--interface=kr1",
                    "--bind-interfaces", "--dhcp-range=" + lab.prefix + "251," + lab.prefix + "253,255.255.255.0,1h", "--dhcp-broadcast",
                    "--dhcp-leasefile=/tmp/kiln-it-rogue.leases", "--pid-file=/tmp/kiln-it-rogue.pid", "--log-facility=-"))
                    .redirectErrorStream(true).start();
            Thread.sleep(1000);
            assertTrue(rogue.isAlive(), "dnsmasq runs: " + (rogue.isAlive() ? "" : new String(rogue.getInputStream().readAllBytes())));
            // whoever's offer it takes, both servers answer a DISCOVER sent on the bridge
            lab.client(20, "udhcpc", "-f", "-q", "-n", "-t", "2", "-T", "1", "-i", "kb0", "-s", "/bin/true");
            String status = kiln.clientUntil("kiln:dhcp-status", o -> o.contains("rogue"), Duration.ofSeconds(10));
            assertTrue(status.contains("ALERT:      rogue DHCP server " + rogueIp + " answers on Kiln's boot network"), status);
            assertTrue(kiln.rest("GET", "/dhcp/status", null).json().path("alerts").toString().contains("rogue DHCP server " + rogueIp), status);
            assertTrue(kiln.client("kiln:dhcp-log -n 50").contains("WARNING"));
        } finally {
            BridgeLab.kill(rogue);
            // the client link back as it was: an address on a bridge port is not reachable (the power-cut test needs it)
            Exec.run(10, "ip", "-n", lab.clientNs, "link", "set", lab.clientIf, "nomaster");
            Exec.run(10, "ip", "-n", lab.clientNs, "link", "del", "kb0");
            Exec.run(10, "ip", "netns", "del", rogueNs);
            Exec.run(10, "rm", "-f", "/tmp/kiln-it-rogue.leases", "/tmp/kiln-it-rogue.pid");
        }
    }

    @Test
    @Order(13) // last: it kills Kiln
    void everyAcknowledgedLeaseSurvivesAPowerCut() throws Exception {
        // the lease journal on a disk whose power the test cuts; a bigger pool so each ACK is a lease of its own
        Path journal = disk.mount.resolve("leases.csv");
        kiln.appendConfig("io.kiln.dhcp", Map.of("leaseFile", journal.toString(), "pool.lab.range", lab.prefix + "100-" + lab.prefix + "250"));
        // the new journal exists once the server restarted on the new configuration (the pool may have had 151 already)
        String status = kiln.clientUntil("kiln:dhcp-status", s -> s.contains(" of 151 in use") && Files.exists(journal), Duration.ofSeconds(30));
        assertTrue(status.contains(" of 151 in use") && Files.exists(journal), status);
        Path pcap = Files.createTempFile("kiln-it-powercut", ".pcap");
        Process tcpdump = new ProcessBuilder(NetworkLab.inNs(lab.clientNs, "tcpdump", "-i", lab.clientIf, "-U", "-n", "-w", pcap.toString(),
                "udp", "port", "67")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1500); // tcpdump listening
            // 140 relayed clients, 4-way exchanges at 100/s for about 6 s; the power goes off in the middle of it
            Process perf = new ProcessBuilder(NetworkLab.inNs(lab.clientNs, "perfdhcp", "-4", "-r", "100", "-n", "600", "-R", "140",
                    "-l", lab.clientIp, lab.serverIp)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(3000);
            disk.cutPower();
            // the journal cannot be written any more: DHCP says so in kiln:status, and acknowledges nothing it cannot keep
            String health = kiln.clientUntil("kiln:status", s -> s.replaceAll("\\s+", " ").contains("lease journal"), Duration.ofSeconds(20));
            assertTrue(health.replaceAll("\\s+", " ").contains("lease journal") && health.contains("degraded"), health);
            perf.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            perf.destroyForcibly();
            kiln.kill();
        } finally {
            tcpdump.destroy();
            tcpdump.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        Set<String> acked = DhcpAcks.in(pcap);
        Files.delete(pcap);
        disk.remount();
        Set<String> kept = new HashSet<>();
        for (String line : Files.readAllLines(journal)) {
            String[] f = line.split(",");
            if (f.length > 2 && f[2].equals("BOUND")) kept.add(f[1].toLowerCase() + " " + f[0]);
        }
        assertTrue(acked.size() > 50, "ACKs before the power cut: " + acked.size());
        Set<String> lost = new TreeSet<>(acked);
        lost.removeAll(kept);
        assertTrue(lost.isEmpty(), lost.size() + " of " + acked.size() + " acknowledged leases lost in the power cut: " + lost);
    }

    /** perfdhcp's count of received packets, -1 when its report has none. */
    static int received(Exec.Result perfdhcp) {
        Matcher m = Pattern.compile("received packets: (\\d+)").matcher(perfdhcp.out());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
