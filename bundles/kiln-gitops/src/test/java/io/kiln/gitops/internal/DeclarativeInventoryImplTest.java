package io.kiln.gitops.internal;

import static io.kiln.gitops.internal.Fixtures.copySample;
import static io.kiln.gitops.internal.Fixtures.edit;
import static io.kiln.gitops.internal.Fixtures.write;
import static java.nio.file.Files.readString;
import static java.nio.file.Files.writeString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.gitops.ApplyResult;
import io.kiln.api.gitops.DiffEntry;
import io.kiln.api.gitops.InventoryDiff;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.Cluster;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.HostStatus;
import io.kiln.api.inventory.InstanceStatus;
import io.kiln.api.inventory.Instance;
import io.kiln.api.inventory.OnboardingState;
import io.kiln.api.inventory.ProvisioningState;
import io.kiln.api.inventory.Role;
import io.kiln.api.inventory.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply, diff, export and prune on the real inventory over the embedded store. */
class DeclarativeInventoryImplTest {
    @TempDir Path tmp;
    TestInventory t;
    Path dir;

    @BeforeEach
    void open() {
        t = new TestInventory(tmp.resolve("data"));
        dir = copySample(tmp.resolve("inv"));
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void theSampleInventoryAppliesCleanlyAndASecondApplyChangesNothing() {
        ApplyResult r = t.declarative.apply(Fixtures.sample(), false);
        assertEquals(33, r.created().size(), r.summary());
        assertEquals("33 created, 0 updated, 0 deleted, 0 unchanged; 14 ZTP instances created with their hosts", r.summary());
        assertEquals(2, t.inventory.list(Site.class).size());
        assertEquals(3, t.inventory.list(Role.class).size());
        assertEquals(4, t.inventory.list(BootProfile.class).size());
        assertEquals(20, t.inventory.hosts().size());
        assertEquals(2, t.inventory.list(Cluster.class).size());
        // 14 ZTP hosts get their instance without a file; two NON_ZTP workers have the operator's go-ahead as files
        assertEquals(16, t.inventory.list(Instance.class).size());
        assertEquals(14, r.implied().size());
        assertTrue(r.implied().contains("instances/shop-berlin-07-sno") && !r.implied().contains("instances/plant-munich-02-wrk-01"), r.implied().toString());
        assertTrue(t.inventory.get(Instance.class, "plant-munich-02-wrk-03").isEmpty(), "a NON_ZTP host without a file waits");
        assertEquals("ubuntu-2404-autoinstall", t.inventory.get(Instance.class, "shop-berlin-07-sno").orElseThrow().value().profile());
        Host sno = t.inventory.host("shop-berlin-07-sno").orElseThrow();
        assertEquals(sno, t.inventory.hostByMac(sno.macs().get(0)).orElseThrow());
        assertTrue(r.created().contains("hosts/shop-berlin-07-sno"));

        ApplyResult again = t.declarative.apply(Fixtures.sample(), true);
        assertEquals("0 created, 0 updated, 0 deleted, 33 unchanged", again.summary());
        assertFalse(again.changed());
        assertTrue(t.declarative.diff(Fixtures.sample()).inSync());
    }

    @Test
    void workflowTemplatesAreDeclaredBesideTheHostsAndRolesNameThem() {
        write(dir.resolve("workflows/gpu-node.yaml"), "name: gpu-node\ndescription: GPU nodes\nsteps:\n"
                + "  - type: wait-onboarded\n"
                + "  - name: hardware\n    type: check\n    gates: [\"memory >= 256GiB\", \"pci has 10de:2330\"]\n"
                + "  - type: image\n    retries: 2\n    backoffSeconds: 10\n    compensate: {type: wipe}\n");
        write(dir.resolve("roles/gpu.yaml"), "name: gpu\nworkflow: gpu-node\n");
        ApplyResult r = t.declarative.apply(dir, false);
        assertTrue(r.created().contains("workflows/gpu-node") && r.created().contains("roles/gpu"), r.summary());
        WorkflowTemplate w = t.inventory.get(WorkflowTemplate.class, "gpu-node").orElseThrow().value();
        assertEquals(List.of("wait-onboarded", "hardware", "image"), w.steps().stream().map(WorkflowStep::name).toList());
        assertEquals("wipe", w.step("image").compensate().type());
        assertEquals(List.of("memory >= 256GiB", "pci has 10de:2330"), w.step("hardware").gates());
        assertEquals("gpu-node", t.inventory.get(Role.class, "gpu").orElseThrow().value().workflow());
        assertEquals(0, t.declarative.apply(dir, false).created().size(), "a second apply changes nothing");

        write(dir.resolve("workflows/gpu-node.yaml"), "name: gpu-node\nsteps:\n  - type: image\n    retriez: 2\n");
        KilnException bad = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertTrue(bad.getMessage().contains("workflows/gpu-node.yaml") && bad.getMessage().contains("retriez"), bad.getMessage());
        write(dir.resolve("workflows/gpu-node.yaml"), "name: gpu-node\nsteps:\n  - type: image\n");
        write(dir.resolve("roles/gpu.yaml"), "name: gpu\nworkflow: nope\n");
        KilnException missing = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertTrue(missing.getMessage().contains("workflow 'nope' does not exist"), missing.getMessage());
        write(dir.resolve("roles/gpu.yaml"), "name: gpu\nworkflow: ztp\n");
        t.declarative.apply(dir, false); // a built-in one needs no file
        assertEquals("ztp", t.inventory.get(Role.class, "gpu").orElseThrow().value().workflow());
    }

    @Test
    void everyBadFileIsReportedWithPathLineAndReasonAndNothingIsApplied() {
        write(dir.resolve("hosts/bad-yaml.yaml"), "name: bad-yaml\nmacs: [\"52:54:00:00:00:01\"\nprofile: x\n");
        write(dir.resolve("hosts/typo.yaml"), "name: typo\nmacs: [\"52:54:00:00:00:02\"]\nprofle: debian-12-preseed\n");
        write(dir.resolve("roles/wrong-name.yaml"), "# a comment\nname: right-name\n");
        write(dir.resolve("hosts/dangling.yaml"), "name: dangling\nmacs: [\"52:54:00:00:00:03\"]\nsite: plant-munich-02\nprofile: no-such-os\n");
        write(dir.resolve("hosts/bad-mac.yaml"), "name: bad-mac\nmacs:\n  - \"52:54:00:00:00:04\"\n  - \"52:54:zz:00:00:05\"\n");
        write(dir.resolve("hosts/status.yaml"), "name: status\nmacs: [\"52:54:00:00:00:06\"]\ncurrentState: ONBOARDED\n");
        write(dir.resolve("hosts/two.yaml"), "name: two\nmacs: [\"52:54:00:00:00:07\"]\n---\nname: three\n");
        write(dir.resolve("hosts/empty.yaml"), "# nothing yet\n");
        write(dir.resolve("hosts/mode.yaml"), "name: mode\nmacs: [\"52:54:00:00:00:08\"]\nmode: sometimes\n");
        write(dir.resolve("roles/scalar.yaml"), "name: scalar\npackages: chrony\n"); // REST refuses a scalar for a list too

        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        String m = e.getMessage();
        assertTrue(m.startsWith("10 problems in " + dir + ", nothing applied:"), m);
        assertContains(m, "roles/scalar.yaml:2: field 'packages'");
        assertContains(m, "hosts/bad-mac.yaml:4: not a MAC address: '52:54:zz:00:00:05'");
        assertContains(m, "hosts/bad-yaml.yaml:3: YAML syntax: expected ',' or ']'");
        assertContains(m, "hosts/dangling.yaml:4: profile 'no-such-os' does not exist (no profiles/no-such-os.yaml)");
        assertContains(m, "hosts/empty.yaml:1: the file is empty");
        assertContains(m, "hosts/mode.yaml:3: field 'mode': 'sometimes' is not one of ZTP, NON_ZTP");
        assertContains(m, "hosts/status.yaml:3: 'currentState' is status that Kiln keeps");
        assertContains(m, "hosts/two.yaml:4: a second YAML document: put one entity per file");
        assertContains(m, "hosts/typo.yaml:3: unknown field 'profle' (known: name, macs, uuid, serial, profile,");
        assertContains(m, "roles/wrong-name.yaml:2: name 'right-name' does not match the file name");
        assertStoreEmpty();
    }

    /**
     * A tree with a mistake of every kind: what the files alone show (syntax, field names, values, file names,
     * references, MAC clashes) and what only the inventory's whole-state rules show (a cluster rule, a reserved
     * address in a DHCP pool) come back from one apply, each as {@code path:line: reason}, and diff lists the same.
     */
    @Test
    void everyKindOfProblemIsReportedInOneApplyAndByDiff() {
        String mac = "52:54:00:01:6c:50"; // plant-munich-02-line-01's
        write(dir.resolve("hosts/bad-yaml.yaml"), "name: bad-yaml\nmacs: [\"52:54:00:00:00:01\"\nprofile: x\n");
        write(dir.resolve("hosts/typo.yaml"), "name: typo\nmacs: [\"52:54:00:00:00:02\"]\nprofle: debian-12-preseed\n");
        write(dir.resolve("hosts/bad-ip.yaml"), "name: bad-ip\nmacs: [\"52:54:00:00:00:03\"]\nipv4: 10.0.0.300\n");
        write(dir.resolve("roles/wrong-name.yaml"), "# a comment\nname: right-name\n");
        write(dir.resolve("hosts/dangling.yaml"), "name: dangling\nmacs: [\"52:54:00:00:00:04\"]\nsite: plant-munich-02\nprofile: no-such-os\n");
        write(dir.resolve("hosts/newcomer.yaml"), "name: newcomer\nmacs:\n  - \"" + mac.toUpperCase() + "\"\n");
        edit(dir.resolve("clusters/plant-munich-02-k8s.yaml"), "ingressVip: 10.42.2.9", "ingressVip: 10.42.2.10");
        edit(dir.resolve("hosts/shop-berlin-07-edge-01.yaml"), "serial: S672344010", "serial: S672344010\nipv4: 10.31.7.150");

        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        String m = e.getMessage();
        List<String> expected = List.of(
                "hosts/bad-yaml.yaml:3: YAML syntax: expected ',' or ']'",
                "hosts/typo.yaml:3: unknown field 'profle'",
                "hosts/bad-ip.yaml:3: not an IPv4 address: '10.0.0.300'",
                "roles/wrong-name.yaml:2: name 'right-name' does not match the file name",
                "hosts/dangling.yaml:4: profile 'no-such-os' does not exist (no profiles/no-such-os.yaml)",
                "hosts/plant-munich-02-line-01.yaml:3: MAC " + mac + " is also host 'newcomer' (hosts/newcomer.yaml)",
                "clusters/plant-munich-02-k8s.yaml:12: cluster 'plant-munich-02-k8s': apiVip and ingressVip must differ (10.42.2.10)");
        for (String part : expected) assertContains(m, part);
        assertTrue(Pattern.compile("\n  hosts/shop-berlin-07-edge-01\\.yaml:\\d+: host 'shop-berlin-07-edge-01': address 10\\.31\\.7\\.150 lies in DHCP pool "
                + "10\\.31\\.7\\.100-10\\.31\\.7\\.199 of site 'shop-berlin-07'").matcher(m).find(), m);
        // the rest only repeats these (dangling's ZTP instance has no profile either; the MAC belongs to both hosts)
        assertTrue(m.startsWith("8 problems in " + dir + ", nothing applied:"), m);
        assertStoreEmpty();

        KilnException d = assertThrows(KilnException.class, () -> t.declarative.diff(dir));
        assertEquals(KilnException.Kind.INVALID, d.kind());
        assertEquals(m.replace(", nothing applied:", ":"), d.getMessage());
    }

    @Test
    void aReferenceToABrokenFileIsNotReportedTwice() {
        write(dir.resolve("profiles/debian-12-preseed.yaml"), "name: debian-12-preseed\nkernel: /abs/path\n");
        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertTrue(e.getMessage().startsWith("1 problem in"), e.getMessage());
        assertContains(e.getMessage(), "profiles/debian-12-preseed.yaml:2: profile 'debian-12-preseed': '/abs/path' must be an http(s) URL");

        // stored, it is not pruned for its broken file (nor are its users blamed), while the inventory's rules still run
        t.declarative.apply(Fixtures.sample(), false);
        edit(dir.resolve("clusters/plant-munich-02-k8s.yaml"), "ingressVip: 10.42.2.9", "ingressVip: 10.42.2.10");
        e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, true));
        assertTrue(e.getMessage().startsWith("2 problems in"), e.getMessage());
        assertContains(e.getMessage(), "clusters/plant-munich-02-k8s.yaml:12: cluster 'plant-munich-02-k8s': apiVip and ingressVip must differ");
    }

    @Test
    void macClashesNameBothFilesOrTheStoreHost() {
        t.declarative.apply(dir, false);
        String mac = t.inventory.host("plant-munich-02-line-01").orElseThrow().macs().get(0);
        write(dir.resolve("hosts/newcomer.yaml"), "name: newcomer\nmacs:\n  - \"" + mac.toUpperCase() + "\"\n");
        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertContains(e.getMessage(), "hosts/plant-munich-02-line-01.yaml:3: MAC " + mac + " is also host 'newcomer' (hosts/newcomer.yaml)");

        // a host only in the store (no file, no prune) still owns its MAC
        Fixtures.write(dir.resolve("hosts/newcomer.yaml"), "name: newcomer\nmacs: [\"52:54:00:aa:aa:aa\"]\n");
        t.inventory.addHost(Host.of("cli-made", List.of("52:54:00:bb:bb:bb"), null));
        write(dir.resolve("hosts/newcomer.yaml"), "name: newcomer\nmacs: [\"52:54:00:bb:bb:bb\"]\n");
        e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertContains(e.getMessage(), "hosts/newcomer.yaml:2: MAC 52:54:00:bb:bb:bb is also host 'cli-made' (in the store without a file");
        // ...unless pruned
        ApplyResult r = t.declarative.apply(dir, true);
        assertEquals(List.of("hosts/newcomer"), r.created());
        assertEquals(List.of("hosts/cli-made"), r.deleted());
    }

    @Test
    void applyIsAtomicWhenTheInventoryRefusesTheResultingState() {
        t.declarative.apply(dir, false);
        Map<String, Host> before = hosts();
        // a good change and a cluster rule broken (the API VIP inside the site's DHCP pool): neither is applied
        edit(dir.resolve("hosts/shop-berlin-07-edge-01.yaml"), "rack: till-1", "rack: till-9");
        edit(dir.resolve("clusters/plant-munich-02-k8s.yaml"), "apiVip: 10.42.2.10", "apiVip: 10.42.3.10");
        write(dir.resolve("hosts/extra.yaml"), "name: extra\nmacs: [\"52:54:00:00:01:01\"]\n");
        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, false));
        assertContains(e.getMessage(), "clusters/plant-munich-02-k8s.yaml:12: cluster 'plant-munich-02-k8s': apiVip 10.42.3.10 lies in DHCP pool");
        assertEquals(before, hosts());
        // diff finds the same problem (without applying), instead of showing a drift apply would refuse
        assertEquals(e.getMessage().replace(", nothing applied:", ":"), assertThrows(KilnException.class, () -> t.declarative.diff(dir)).getMessage());
        assertTrue(t.inventory.host("extra").isEmpty());
    }

    @Test
    void diffShowsAddedChangedAndRemovedWithFieldLevelDetail() {
        t.declarative.apply(dir, false);
        edit(dir.resolve("hosts/plant-munich-02-wrk-01.yaml"), "profile: ubuntu-2404-autoinstall", "profile: rhel-9-kickstart");
        edit(dir.resolve("hosts/plant-munich-02-wrk-01.yaml"), "rack: hall2-r02", "rack: hall2-r03\n  row: \"7\"");
        write(dir.resolve("hosts/new-box.yaml"), "name: new-box\nmacs: [\"52:54:00:00:02:01\"]\n");
        delete(dir.resolve("hosts/plant-munich-02-wrk-06.yaml"));

        InventoryDiff d = t.declarative.diff(dir);
        assertFalse(d.inSync());
        assertEquals(31, d.same());
        assertEquals(List.of(
                new DiffEntry(EntityKind.HOST, "new-box", DiffEntry.Type.ADDED, "new in hosts/new-box.yaml"),
                new DiffEntry(EntityKind.HOST, "plant-munich-02-wrk-01", DiffEntry.Type.CHANGED,
                        "profile: ubuntu-2404-autoinstall -> rhel-9-kickstart; labels: ~rack, +row"),
                new DiffEntry(EntityKind.HOST, "plant-munich-02-wrk-06", DiffEntry.Type.REMOVED, "in the store, no file (deleted by apply with prune)")),
                d.entries());
        assertEquals("hosts/new-box", d.entries().get(0).id());
    }

    @Test
    void pruneDeletesWhatHasNoFileOnlyWhenAsked() throws IOException {
        t.declarative.apply(dir, false);
        delete(dir.resolve("hosts/shop-berlin-07-edge-03.yaml"));
        delete(dir.resolve("instances/plant-munich-02-wrk-01.yaml"));
        ApplyResult keep = t.declarative.apply(dir, false);
        assertEquals(List.of(), keep.deleted());
        assertTrue(t.inventory.host("shop-berlin-07-edge-03").isPresent());

        ApplyResult pruned = t.declarative.apply(dir, true);
        assertEquals(List.of("hosts/shop-berlin-07-edge-03", "instances/plant-munich-02-wrk-01", "instances/shop-berlin-07-edge-03"),
                pruned.deleted(), "a pruned ZTP host's instance goes with it");
        assertTrue(t.inventory.get(Instance.class, "shop-berlin-07-edge-02").isPresent(), "ZTP instances of hosts with files stay");

        // a ZTP host whose OS profile changes keeps its instance (it may be running): diff says so, prune leaves it
        Path edge1 = dir.resolve("hosts/shop-berlin-07-edge-01.yaml");
        writeString(edge1, readString(edge1).replace("profile: flatcar-edge-image", "profile: rhel-9-kickstart"));
        t.declarative.apply(dir, true);
        assertEquals("flatcar-edge-image", t.inventory.get(Instance.class, "shop-berlin-07-edge-01").orElseThrow().value().profile());
        DiffEntry lag = t.declarative.diff(dir).entries().stream().filter(e -> e.kind() == EntityKind.INSTANCE).findFirst().orElseThrow();
        assertEquals("shop-berlin-07-edge-01", lag.name());
        assertEquals(DiffEntry.Type.CHANGED, lag.type());
        assertContains(lag.detail(), "profile: flatcar-edge-image -> rhel-9-kickstart");
        assertTrue(t.inventory.host("shop-berlin-07-edge-03").isEmpty());
        assertEquals(31, pruned.unchanged().size());

        // a file that refers to something pruned is an error, not a surprise
        t.inventory.addHost(Host.of("cli-made", List.of("52:54:00:bb:bb:bc"), "debian-12-preseed"));
        delete(dir.resolve("profiles/debian-12-preseed.yaml"));
        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(dir, true));
        assertContains(e.getMessage(), "roles/line-controller.yaml:3: profile 'debian-12-preseed' has no file (profiles/debian-12-preseed.yaml) and would be pruned");
        assertTrue(t.inventory.profile("debian-12-preseed").isPresent());
    }

    @Test
    void aDirectoryWithoutKindDirectoriesIsRefusedSoAWrongPathNeverPrunesEverything() throws IOException {
        t.declarative.apply(dir, false);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        KilnException e = assertThrows(KilnException.class, () -> t.declarative.apply(empty, true));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals(20, t.inventory.hosts().size());
        assertEquals(KilnException.Kind.NOT_FOUND, assertThrows(KilnException.class, () -> t.declarative.apply(tmp.resolve("nope"), true)).kind());
        Files.createDirectories(dir.resolve("hosts/site-a"));
        assertContains(assertThrows(KilnException.class, () -> t.declarative.apply(dir, true)).getMessage(),
                "hosts/site-a:1: subdirectories are not read");
    }

    @Test
    void exportRoundTripsDeterministically() throws IOException {
        t.declarative.apply(dir, false);
        Path out = tmp.resolve("export");
        t.declarative.export(out);
        assertEquals(33, yamlFiles(out).size());
        assertTrue(t.declarative.diff(out).inSync());
        assertEquals("0 created, 0 updated, 0 deleted, 33 unchanged", t.declarative.apply(out, true).summary());
        Map<String, String> first = yamlFiles(out);

        // a second store fed from the export exports the very same bytes
        try (TestInventory other = new TestInventory(tmp.resolve("data2"))) {
            assertEquals(33, other.declarative.apply(out, false).created().size());
            Path again = tmp.resolve("export2");
            other.declarative.export(again);
            assertEquals(first, yamlFiles(again));
        }
        String host = Files.readString(out.resolve("hosts/shop-berlin-07-sno.yaml"));
        assertTrue(host.startsWith("name: \"shop-berlin-07-sno\"\nmacs:\n  - \"52:54:00:"), host);
        assertFalse(host.contains("currentState"), host);

        // stale files go, other files stay
        write(out.resolve("hosts/gone.yaml"), "name: gone\n");
        write(out.resolve("README.md"), "notes\n");
        t.declarative.export(out);
        assertFalse(Files.exists(out.resolve("hosts/gone.yaml")));
        assertTrue(Files.exists(out.resolve("README.md")));
    }

    @Test
    void statusFieldsStayKilnsAcrossApplies() {
        t.declarative.apply(dir, false);
        Host h = t.inventory.host("plant-munich-02-cp-01").orElseThrow();
        t.inventory.saveStatus(new HostStatus(h.name(), OnboardingState.ONBOARDED, Map.of("cpu.cores", "32")), -1);
        t.inventory.saveStatus(new InstanceStatus(h.name(), ProvisioningState.PROVISIONING), -1);

        assertEquals("0 created, 0 updated, 0 deleted, 33 unchanged", t.declarative.apply(dir, false).summary());
        edit(dir.resolve("hosts/plant-munich-02-cp-01.yaml"), "rack: hall2-r01", "rack: hall2-r09");
        assertEquals(List.of("hosts/plant-munich-02-cp-01"), t.declarative.apply(dir, false).updated());
        Host after = t.inventory.host(h.name()).orElseThrow();
        assertEquals(OnboardingState.ONBOARDED, after.currentState());
        assertEquals(Map.of("cpu.cores", "32"), after.hardware());
        assertEquals("hall2-r09", after.labels().get("rack"));
        assertEquals(ProvisioningState.PROVISIONING, t.inventory.get(Instance.class, h.name()).orElseThrow().value().current());
    }

    private void assertStoreEmpty() {
        for (EntityKind k : EntityKind.values()) assertEquals(List.of(), t.inventory.list(k.type()), k.plural());
    }

    private Map<String, Host> hosts() {
        Map<String, Host> m = new TreeMap<>();
        for (Host h : t.inventory.hosts()) m.put(h.name(), h);
        return m;
    }

    static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "expected\n  " + part + "\nin\n" + message);
    }

    static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> yamlFiles(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) m.put(root.relativize(f).toString(), Files.readString(f));
        }
        return m;
    }
}
