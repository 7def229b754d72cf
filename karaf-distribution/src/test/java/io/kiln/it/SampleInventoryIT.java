package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample inventory (examples/inventory: two sites, three roles, four OS profiles, a single-node and a three-node
 * cluster, twenty hosts) applied to the assembled appliance with kiln:inventory-apply, and the files Kiln then serves
 * each kind of host checked by the real validators: cloud-init's schema, debconf-set-selections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleInventoryIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    static final Path SAMPLE = Path.of(System.getProperty("kiln.examples", "../examples/inventory")).toAbsolutePath().normalize();

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("smp", 4);
        kiln = new KilnAppliance("sample", lab);
        kiln.config("io.kiln.dhcp", Map.of("enabled", "false"));
        kiln.config("io.kiln.tftp", Map.of("enabled", "false"));
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    @Test
    @Order(1)
    void theSampleAppliesCleanlyAndAgainChangesNothing() throws Exception {
        String out = kiln.client("kiln:inventory-apply " + SAMPLE);
        assertTrue(out.contains("Applied") && !out.toLowerCase().contains("error"), out);
        assertTrue(kiln.client("kiln:host-list").contains("shop-berlin-07-sno"));
        assertTrue(kiln.client("kiln:cluster-list").contains("plant-munich-02-k8s"));
        String diff = kiln.client("kiln:inventory-diff " + SAMPLE);
        assertTrue(!diff.contains("CHANGED") && !diff.contains("ADDED"), diff);
    }

    @Test
    @Order(2)
    void autoinstallAndCloudInitUserDataPassCloudInitSchema() throws Exception {
        for (String url : new String[] {"/autoinstall/plant-munich-02-cp-01/user-data", "/cloud-init/shop-berlin-07-edge-01/user-data"}) {
            Path f = fetch(url);
            Exec.Result r = Exec.run(60, "cloud-init", "schema", "--config-file", f.toString());
            assertEquals(0, r.code(), url + ": " + r.out() + "\n" + Files.readString(f));
            assertTrue(r.out().contains("Valid cloud-config"), r.out());
        }
        // the cluster reaches every member's config, whatever installs it
        for (String url : new String[] {"/autoinstall/plant-munich-02-cp-02/user-data", "/autoinstall/shop-berlin-07-sno/user-data"}) {
            String cfg = Files.readString(fetch(url));
            assertTrue(cfg.contains("KILN_CLUSTER=") && cfg.contains("KILN_CLUSTER_ROLE=") && cfg.contains("KILN_API_VIP="), url + "\n" + cfg);
        }
        assertTrue(Files.readString(fetch("/autoinstall/plant-munich-02-cp-02/user-data")).contains("plant-munich-02-k8s"));
        Path net = fetch("/cloud-init/shop-berlin-07-edge-01/network-config");
        assertTrue(Files.readString(net).contains("version: 2"), Files.readString(net));
    }

    @Test
    @Order(3)
    void preseedPassesDebconfAndKickstartIsComplete() throws Exception {
        Path preseed = fetch("/preseed/plant-munich-02-line-01/preseed.cfg");
        Exec.Result r = Exec.run(60, "debconf-set-selections", "-c", preseed.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(!r.out().contains("warning"), r.out());
        // Debian 12 ships no ksvalidator (pykickstart is not packaged): check the sections a kickstart must close
        String ks = Files.readString(fetch("/kickstart/shop-berlin-07-pos-01/ks.cfg"));
        assertTrue(ks.contains("%packages") && ks.contains("%end") && ks.contains("network ") && ks.contains("10.31.7.31"), ks);
        // ...and what real tools can check: command lines split as pykickstart splits them, %post passes bash -n
        Path ksFile = Files.createTempFile("kiln-ks", ".cfg");
        Files.writeString(ksFile, ks);
        Exec.Result checked = Exec.run(60, "python3", Path.of("../bundles/kiln-templates/src/test/kickstart-check.py").toAbsolutePath().toString(),
                ksFile.toString());
        assertEquals(0, checked.code(), checked.out());
        Files.deleteIfExists(ksFile);
    }

    @Test
    @Order(4)
    void aHostWhoseFilesCannotRenderGetsAnErrorNotHalfAFileAndBootExplainSaysSoFirst() throws Exception {
        kiln.client("kiln:profile-add --kernel vmlinuz bare");
        // no variables at all renders (documented defaults); a variable that cannot be used does not
        kiln.client("kiln:host-add --mac 52:54:00:04:00:01 --profile bare --var mtu=jumbo lonely");
        String explain = kiln.client("kiln:boot-explain --arch 7 52:54:00:04:00:01");
        assertTrue(explain.contains("/cloud-init/lonely/user-data: WILL FAIL: variable 'mtu' = 'jumbo' is not an MTU"), explain);
        Http r = kiln.http().get("/cloud-init/lonely/network-config");
        assertTrue(r.status() == 500 && r.body().contains("is not an MTU") && !r.body().contains("version:"), r.toString());
        kiln.client("kiln:host-add --mac 52:54:00:04:00:02 --profile bare fresh");
        assertEquals(200, kiln.http().get("/cloud-init/fresh/user-data").status(), "a host with no variables gets its files");
    }

    @Test
    @Order(5)
    void aNonZtpWorkerIsInstalledOnlyWithTheOperatorsGoAhead() throws Exception {
        // wrk-03 is NON_ZTP without an instance file: its firmware gets iPXE, the script exits, the disk boots
        String waiting = Files.readString(fetch("/boot/ipxe?mac=52:54:00:12:82:81"));
        assertTrue(waiting.contains("host 'plant-munich-02-wrk-03' has no instance (non-ZTP: waits for an operator)") && waiting.endsWith("exit\n"),
                waiting);
        assertTrue(kiln.client("kiln:boot-explain --arch 7 52:54:00:12:82:81").contains("withheld until kiln:instance-add"));
        assertTrue(kiln.client("kiln:host-show plant-munich-02-wrk-03").contains("none: waits for an operator"));
        // wrk-01's instance file is the go-ahead: it gets the installer
        String approved = Files.readString(fetch("/boot/ipxe?mac=52:54:00:4c:14:fb"));
        assertTrue(approved.contains("autoinstall ds=nocloud-net;s=http://127.0.0.1:8080/autoinstall/plant-munich-02-wrk-01/"), approved);
        // the operator's go-ahead on the command line works the same
        assertTrue(kiln.client("kiln:instance-add --profile ubuntu-2404-autoinstall plant-munich-02-wrk-03").contains("Added instance"));
        assertTrue(Files.readString(fetch("/boot/ipxe?mac=52:54:00:12:82:81")).contains("/autoinstall/plant-munich-02-wrk-03/"));
        String diff = kiln.client("kiln:inventory-diff " + SAMPLE);
        assertTrue(diff.contains("plant-munich-02-wrk-03"), "the command-line instance is drift from the files: " + diff);
    }

    static Path fetch(String path) throws Exception {
        Path f = Files.createTempFile(Files.createDirectories(kiln.home.resolve("fetched")), "kiln-sample", ".cfg"); // under target/it
        Http r = kiln.http().download(path, f);
        assertEquals(200, r.status(), path + ": " + r);
        return f;
    }
}
