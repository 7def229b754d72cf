package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The default, safe deployment (DHCP mode = proxy) plus TFTP and HTTP boot, exercised with real clients from another
 * network namespace: only known PXE clients get boot answers, no one gets an address, loaders and artifacts arrive
 * byte-identical, garbage does not stop the servers, and a changed .cfg applies without a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyModeIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    static final String KNOWN = "52:54:00:02:00:07", STRANGER = "52:54:00:02:ff:07";
    static byte[] artifact;
    /** Where the TFTP clients write what they fetched (under target/it, like the other scratch files). */
    static Path tftpOut;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("proxy", 2);
        kiln = new KilnAppliance("proxy", lab);
        tftpOut = kiln.home.resolve("tftp.out");
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        // the REST test calls from the client namespace; by default only loopback may use the API
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        artifact = new byte[3_000_000 + 333];
        new Random(42).nextBytes(artifact);
        Path artifacts = kiln.home.resolve("data/kiln/artifacts");
        Files.createDirectories(artifacts);
        Files.write(artifacts.resolve("vmlinuz"), artifact);
        // HTTPS as an option: a server certificate in a PKCS12 keystore, named in org.ops4j.pax.web.cfg
        Path p12 = kiln.home.resolve("etc/kiln-server.p12");
        Exec.must(60, "keytool", "-genkeypair", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit", "-alias", "kiln", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=kiln.test", "-ext", "SAN=dns:kiln.test,ip:" + lab.serverIp);
        Exec.must(60, "keytool", "-exportcert", "-rfc", "-keystore", p12.toString(), "-storepass", "changeit", "-alias", "kiln",
                "-file", kiln.home.resolve("etc/kiln-server.pem").toString());
        // pax-web's HTTPS on its own port (8444; 8443 is Kiln's onboarding endpoint)
        kiln.appendConfig("org.ops4j.pax.web", Map.of("org.osgi.service.http.secure.enabled", "true", "org.osgi.service.http.port.secure", "8444",
                "org.ops4j.pax.web.ssl.keystore", p12.toString(), "org.ops4j.pax.web.ssl.keystore.type", "PKCS12",
                "org.ops4j.pax.web.ssl.keystore.password", "changeit", "org.ops4j.pax.web.ssl.key.password", "changeit",
                "org.ops4j.pax.web.ssl.key.alias", "kiln"));
        kiln.start();
        kiln.client("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline 'console=ttyS0 kiln.host=${host} kiln.mac=${mac}' microos");
        kiln.client("kiln:host-add --mac " + KNOWN + " --profile microos known-1");
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    @Test
    @Order(1)
    void knownPxeClientGetsBootInformationButNoAddress() throws Exception {
        Map<String, String> env = Udhcpc.lease(lab, KNOWN, Udhcpc.pxe(7));
        assertEquals("snponly.efi", env.get("boot_file"), env.toString());
        assertEquals(lab.serverIp, env.get("siaddr"));
        assertEquals("0.0.0.0", env.get("ip"), "proxy mode never hands out an address");
        assertTrue(kiln.client("kiln:lease-list").contains("proxy"));
    }

    @Test
    @Order(2)
    void ordinaryAndUnknownClientsGetNothing() throws Exception {
        assertTrue(Udhcpc.lease(lab, KNOWN).isEmpty(), "a non-PXE client gets no answer in proxy mode");
        assertTrue(Udhcpc.lease(lab, STRANGER, Udhcpc.pxe(7)).isEmpty(), "unknown machine, policy ignore");
        String status = kiln.client("kiln:dhcp-status");
        assertTrue(KilnAppliance.counter(status, "Ignored") >= 2, status);
        // the operator's trail: Kiln saw the machine and says why it stayed silent
        String log = kiln.client("kiln:dhcp-log " + STRANGER);
        assertTrue(log.contains("DISCOVER") && log.contains("policy is 'ignore'"), log);
        assertTrue(kiln.client("kiln:dhcp-log " + KNOWN).contains("not a PXE/HTTP boot client"));
    }

    @Test
    @Order(3)
    void garbageDatagramsAreDroppedAndCountedAndServiceContinues() throws Exception {
        Random rnd = new Random(7);
        Path junk = Files.createDirectories(kiln.home.resolve("junk")); // under target/it, not /tmp
        for (int i = 0; i < 40; i++) {
            int len = switch (i % 4) {
                case 0 -> 1;
                case 1 -> 239;       // one byte short of a DHCP header + cookie
                case 2 -> 1400;      // full-size random
                default -> 64_000;   // oversized
            };
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            if (i % 4 == 1) b[0] = 1; // looks like a BOOTREQUEST
            Files.write(junk.resolve("j" + i), b);
        }
        String send = "for f in " + junk + "/j*; do cat $f > /dev/udp/" + lab.serverIp + "/67; cat $f > /dev/udp/" + lab.serverIp
                + "/4011; cat $f > /dev/udp/" + lab.serverIp + "/69; done; true";
        lab.client(60, "bash", "-c", send);
        Map<String, String> env = Udhcpc.lease(lab, KNOWN, Udhcpc.pxe(0));
        assertEquals("undionly.kpxe", env.get("boot_file"), "still answering after garbage: " + env);
        String status = kiln.client("kiln:dhcp-status");
        assertTrue(KilnAppliance.counter(status, "Malformed") >= 40, status);
        assertTrue(tftpGet("undionly.kpxe", "curl").ok(), "TFTP still answering after garbage");
    }

    @Test
    @Order(4)
    void tftpServesLoadersByteIdenticalWithEveryClient() throws Exception {
        byte[] loader = Files.readAllBytes(Path.of("/usr/lib/ipxe/undionly.kpxe"));
        for (String client : new String[] {"curl", "curl-blksize", "tftp-hpa", "atftp", "atftp-window"}) {
            Exec.Result r = tftpGet("undionly.kpxe", client);
            assertTrue(r.ok(), client + ": " + r.out());
            assertTrue(Arrays.equals(loader, Files.readAllBytes(tftpOut)), client + " byte-identical");
        }
        Exec.Result big = tftpGet("vmlinuz", "atftp-window");
        assertTrue(big.ok(), big.out());
        assertTrue(Arrays.equals(artifact, Files.readAllBytes(tftpOut)), "3 MB artifact over windowsize 16");
    }

    @Test
    @Order(5)
    void tftpRefusesPathsOutsideItsRoots() throws Exception {
        Exec.Result r = lab.client(20, "atftp", "-g", "-r", "../../../../etc/passwd", "-l", tftpOut.toString(), lab.serverIp, "69");
        assertFalse(r.ok() && Files.size(tftpOut) > 0, r.out());
        assertFalse(Files.exists(tftpOut) && Files.readString(tftpOut).contains("root:"),
                "never serve /etc/passwd");
        assertTrue(kiln.awaitLog("../../../../etc/passwd", Duration.ofSeconds(10)), "the refusal is logged with the requested name");
    }

    @Test
    @Order(6)
    void httpServesTheHostsIpxeScriptAndArtifactsWithRanges() throws Exception {
        Curl machine = kiln.http(lab.clientNs, lab.serverIp);
        String base = machine.base();
        Http script = machine.get("/boot/ipxe?mac=" + KNOWN);
        assertEquals(200, script.status(), script.toString());
        assertTrue(script.body().startsWith("#!ipxe"), script.body());
        assertTrue(script.body().contains("kernel " + base + "/artifacts/vmlinuz console=ttyS0 kiln.host=known-1 kiln.mac=" + KNOWN), script.body());
        assertTrue(script.body().contains("initrd " + base + "/artifacts/initrd.img"), script.body());
        // per-host provisioning files: a host with no variables gets them whole, with the documented defaults (a file
        // that cannot render is refused whole: SampleInventoryIT)
        Http meta = machine.get("/cloud-init/known-1/meta-data");
        assertTrue(meta.status() == 200 && meta.body().contains("local-hostname: \"known-1\""), meta.toString());
        Http userData = machine.get("/cloud-init/known-1/user-data");
        assertTrue(userData.status() == 200 && userData.body().startsWith("#cloud-config") && userData.body().contains("fqdn: \"known-1.localdomain\"")
                && userData.body().contains("timezone: \"Etc/UTC\""), userData.toString());
        Http unknown = machine.get("/boot/ipxe?mac=" + STRANGER);
        assertTrue(unknown.status() == 200 && unknown.body().contains("exit"), unknown.toString());
        Path rangeOut = kiln.home.resolve("range.out");
        Http range = machine.with("-r", "1000-1999").download("/artifacts/vmlinuz", rangeOut);
        assertEquals(206, range.status(), range.toString());
        assertTrue(Arrays.equals(Arrays.copyOfRange(artifact, 1000, 2000), Files.readAllBytes(rangeOut)));
        Path fullOut = kiln.home.resolve("full.out");
        Http full = machine.download("/artifacts/vmlinuz", fullOut);
        assertEquals(200, full.status(), full.toString());
        assertTrue(Arrays.equals(artifact, Files.readAllBytes(fullOut)));
    }

    @Test
    @Order(7)
    void httpsServesTheSameScriptWithTheConfiguredCertificate() throws Exception {
        Http r = new Curl(lab.clientNs, "https://" + lab.serverIp + ":8444").with("--cacert", kiln.home.resolve("etc/kiln-server.pem").toString())
                .get("/boot/ipxe?mac=" + KNOWN);
        assertTrue(r.status() == 200 && r.body().contains("kiln.host=known-1"), r.toString());
    }

    @Test
    @Order(7)
    void restApiMirrorsTheCommands() throws Exception {
        assertEquals(403, kiln.http(lab.serverNs, lab.serverIp).with("--interface", lab.serverIp).api().get("/hosts").status(),
                "only allowedClients may call");
        Curl operator = kiln.http(lab.clientNs, lab.serverIp);
        assertEquals(401, operator.get("/api/v1/hosts").status());
        Curl api = operator.api();
        Http hosts = api.get("/hosts");
        assertTrue(hosts.status() == 200 && hosts.names().contains("known-1"), hosts.toString());
        Http bad = api.request("POST", "/hosts", "{\"name\":\"r1\",\"macs\":[\"nope\"]}");
        assertTrue(bad.status() == 400 && bad.body().contains("not a MAC address"), bad.toString());
        Http add = api.request("POST", "/hosts", "{\"name\":\"rest-1\",\"macs\":[\"52:54:00:02:00:99\"],\"profile\":\"microos\"}");
        assertEquals(201, add.status(), add.toString());
        assertTrue(kiln.client("kiln:host-list").contains("rest-1"));
        Http explain = api.get("/boot/explain?mac=52:54:00:02:00:99&arch=0");
        assertEquals("undionly.kpxe", explain.json().at("/decision/bootFile").asText(), explain.toString());
        Http log = api.get("/dhcp/log?mac=" + KNOWN + "&limit=3");
        assertEquals(200, log.status(), log.toString());
        boolean answered = false;
        for (JsonNode event : log.json()) answered |= List.of("ACK", "OFFER").contains(event.path("answer").asText());
        assertTrue(answered, log.body());
    }

    @Test
    @Order(8)
    void changedConfigurationAppliesWithoutRestart() throws Exception {
        kiln.client("kiln:profile-add --kernel vmlinuz --cmdline kiln.discover=1 discovery");
        Files.writeString(kiln.home.resolve("etc/io.kiln.boot.cfg"), "unknownPolicy = discover\n");
        Map<String, String> env = KilnAppliance.poll(() -> Udhcpc.lease(lab, STRANGER, Udhcpc.pxe(7)), e -> e.get("boot_file") != null,
                Duration.ofSeconds(80), Duration.ofSeconds(1));
        assertEquals("snponly.efi", env.get("boot_file"), "unknown machine now booted into discovery: " + env);
        Http script = kiln.http(lab.clientNs, lab.serverIp).get("/boot/ipxe?mac=" + STRANGER);
        assertTrue(script.status() == 200 && script.body().contains("kiln.discover=1"), script.toString());
    }

    static Exec.Result tftpGet(String file, String client) throws Exception {
        Path out = tftpOut;
        Files.deleteIfExists(out);
        String ip = lab.serverIp;
        return switch (client) {
            case "curl" -> lab.client(60, "curl", "-sf", "-o", out.toString(), "tftp://" + ip + "/" + file);
            case "curl-blksize" -> lab.client(60, "curl", "-sf", "--tftp-blksize", "1468", "-o", out.toString(), "tftp://" + ip + "/" + file);
            case "tftp-hpa" -> lab.client(60, "tftp", "-m", "binary", ip, "-c", "get", file, out.toString());
            case "atftp" -> lab.client(60, "atftp", "-g", "-r", file, "-l", out.toString(), ip, "69");
            case "atftp-window" -> lab.client(60, "atftp", "--option", "blksize 1468", "--option", "windowsize 16", "-g", "-r", file,
                    "-l", out.toString(), ip, "69");
            default -> throw new IllegalArgumentException(client);
        };
    }
}
