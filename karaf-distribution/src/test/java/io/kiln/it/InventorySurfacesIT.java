package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inventory's two surfaces on the assembled appliance: the kiln:* commands through bin/client and the REST API
 * through curl from another namespace. A site, a role, a profile, hosts, a 3-node and a single-node cluster; an
 * invalid cluster refused with all its reasons; variable precedence; optimistic versioning under concurrent PUTs;
 * paging and filters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InventorySurfacesIT {
    static NetworkLab lab;
    static KilnAppliance kiln;
    /** The REST API as an operator on the client side calls it (karaf, from the client namespace). */
    static Curl rest;
    static String net;

    @BeforeAll
    static void start() throws Exception {
        lab = new NetworkLab("inv", 3);
        net = lab.prefix; // 10.213.3.
        kiln = new KilnAppliance("inv", lab);
        rest = kiln.http(lab.clientNs, lab.serverIp).api();
        kiln.config("io.kiln.dhcp", Map.of("mode", "proxy", "interfaces", lab.serverIf));
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + lab.clientIp));
        kiln.appendConfig("io.kiln.inventory", Map.of("global.ntp", "pool.ntp.org", "global.timezone", "UTC"));
        kiln.start();
    }

    @AfterAll
    static void stop() throws Exception {
        KilnAppliance.closeAll(kiln, lab);
    }

    /** Runs a command and fails on any error it prints. */
    static String ok(String command) throws Exception {
        String out = kiln.client(command);
        assertFalse(out.contains("Error executing command") || out.contains("Exception"), command + "\n" + out);
        return out;
    }

    @Test
    @Order(1)
    void commandsBuildASiteWithAThreeNodeAndASingleNodeCluster() throws Exception {
        assertTrue(ok("kiln:profile-add --kernel vmlinuz --initrd initrd.img --cmdline 'console=ttyS0 kiln.host=${host}' microos")
                .contains("Added profile microos"));
        assertTrue(ok("kiln:site-add --description 'shop 7' --var ntp=10.7.0.1 --var dns=10.7.0.53 --var domain=shop7.example --network "
                + net + "0/24,gateway=" + net + "1,pool=" + net + "100-" + net + "199 shop-7").contains("Added site shop-7 (version 1)"));
        assertTrue(ok("kiln:role-add --profile microos --package chrony --var ntp=10.7.0.2 --var kubelet=1.31 k8s").contains("Added role k8s"));
        String n1 = ok("kiln:host-add --mac 52:54:00:03:00:01 --profile microos --site shop-7 --role k8s --ip " + net + "11 --label rack=r1 --var ntp=10.7.0.9"
                + " --bmc https://" + net + "211 --bmc-plugin redfish --bmc-credential n1-bmc n1");
        assertTrue(n1.contains("Instance:  microos, desired running, current pending (provisioning starts once the host has onboarded)"),
                "a ZTP site's host gets its instance with it: " + n1);
        ok("kiln:host-add --mac 52:54:00:03:00:02 --profile microos --site shop-7 --role k8s --ip " + net + "12 --label rack=r2 n2");
        ok("kiln:host-add --mac 52:54:00:03:00:03 --profile microos --site shop-7 --role k8s --ip " + net + "13 --label rack=r1 n3");
        String k3 = ok("kiln:cluster-add --site shop-7 --member n1:control-plane --member n2:control-plane --member n3:control-plane --network "
                + net + "0/24 --api-vip " + net + "50 --ingress-vip " + net + "51 --var ntp=10.7.0.3 --var cluster_name=k3 k3");
        assertTrue(k3.contains("Added cluster k3 (version 1): 3 nodes n1:control-plane, n2:control-plane, n3:control-plane"), k3);
        String sno1 = ok("kiln:host-add --mode non-ztp --mac 52:54:00:03:00:20 --profile microos --site shop-7 --ip " + net + "20 sno1");
        assertTrue(sno1.contains("Instance:  none: waits for an operator (kiln:instance-add --profile <os> sno1)"), sno1);
        String sno = ok("kiln:cluster-add --site shop-7 --member sno1:control-plane --network " + net + "0/24 --api-vip " + net + "20 --ingress-vip "
                + net + "20 sno");
        assertTrue(sno.contains("Added cluster sno (version 1): single node sno1:control-plane"), sno);
        assertTrue(ok("kiln:instance-add --profile microos sno1").contains("Added instance sno1 (version 1) -> profile microos, current pending"));

        String clusters = ok("kiln:cluster-list");
        assertTrue(clusters.contains("k3") && clusters.contains("sno") && clusters.contains(net + "50"), clusters);
        String sites = ok("kiln:site-list");
        assertTrue(sites.contains("shop-7") && sites.contains("pool " + net + "100-" + net + "199") && sites.contains("ntp=10.7.0.1"), sites);
        String roles = ok("kiln:role-list");
        assertTrue(roles.contains("k8s") && roles.contains("microos") && roles.contains("chrony"), roles);
        assertTrue(ok("kiln:instance-list").contains("sno1"));
        String hosts = ok("kiln:host-list");
        assertTrue(hosts.contains("n1") && hosts.contains("shop-7") && hosts.contains("k8s"), hosts);
        String show = ok("kiln:host-show n1");
        for (String s : new String[] {"Version:", "52:54:00:03:00:01", "Site:      shop-7", "Role:      k8s", "Cluster:   k3 (control-plane)",
                "BMC:       https://" + net + "211 plugin redfish, credential n1-bmc", "Labels:    rack=r1", "ntp=10.7.0.9"}) {
            assertTrue(show.contains(s), s + " in\n" + show);
        }
    }

    @Test
    @Order(2)
    void anInvalidClusterIsRefusedWithAllItsReasonsAndChangesNothing() throws Exception {
        ok("kiln:host-add --mac 52:54:00:03:00:04 --site shop-7 n4");
        String out = kiln.client("kiln:cluster-add --site shop-7 --member n1:control-plane --member n4 --member ghost --network " + net
                + "0/24 --api-vip " + net + "150 --ingress-vip 10.99.0.1 bad");
        for (String reason : new String[] {"host 'n1' already belongs to cluster 'k3'", "host 'ghost' does not exist",
                "apiVip " + net + "150 lies in DHCP pool " + net + "100-" + net + "199", "ingressVip 10.99.0.1 is outside the machine network",
                "at least 3 control-plane members, it has 1"}) {
            assertTrue(out.contains(reason), reason + " in\n" + out);
        }
        assertFalse(out.contains("at io.kiln"), "one line, no stack trace: " + out);
        out = kiln.client("kiln:cluster-add --site shop-7 --member n4 --network " + net + "0/24 --api-vip " + net + "60 --ingress-vip " + net + "60 sno2");
        assertTrue(out.contains("single-node cluster's host needs a fixed address"), out);
        String clusters = ok("kiln:cluster-list");
        assertFalse(clusters.contains("bad") || clusters.contains("sno2"), clusters);
        out = kiln.client("kiln:site-remove shop-7");
        assertTrue(out.contains("site 'shop-7' is used by"), out);
        out = kiln.client("kiln:cluster-add --site shop-7 --member n4:boss --network " + net + "0/24 x");
        assertTrue(out.contains("'boss' is not one of control-plane, worker"), out);
    }

    @Test
    @Order(3)
    void hostVarsShowsPrecedenceAndWhatEachValueOverrides() throws Exception {
        String vars = ok("kiln:host-vars n1");
        assertTrue(row(vars, "ntp").contains("10.7.0.9") && row(vars, "ntp").contains("host n1"), vars);
        String ntp = row(vars, "ntp");
        for (String hidden : new String[] {"cluster k3 = 10.7.0.3", "role k8s = 10.7.0.2", "site shop-7 = 10.7.0.1", "global = pool.ntp.org"}) {
            assertTrue(ntp.contains(hidden), hidden + " in " + ntp);
        }
        assertTrue(row(vars, "cluster_name").contains("cluster k3"), vars);
        assertTrue(row(vars, "kubelet").contains("role k8s"), vars);
        assertTrue(row(vars, "dns").contains("site shop-7"), vars);
        assertTrue(row(vars, "timezone").contains("UTC") && row(vars, "timezone").contains("global"), vars);
        // n2 has no host value: the cluster's wins over role, site and global
        assertTrue(row(ok("kiln:host-vars n2"), "ntp").contains("10.7.0.3"), "cluster beats role and site");
        Http r = api("GET", "/hosts/n1/variables", null);
        assertEquals(200, r.status(), r.toString());
        JsonNode ntpRest = variable(r, "ntp"), timezone = variable(r, "timezone");
        assertEquals("HOST", ntpRest.path("source").asText(), r.body());
        assertTrue(texts(ntpRest.path("overrides")).contains("cluster k3 = 10.7.0.3"), r.body());
        assertEquals("GLOBAL", timezone.path("source").asText(), r.body());
    }

    @Test
    @Order(4)
    void restListsEveryKindWithFiltersAndPaging() throws Exception {
        for (String kind : new String[] {"sites", "roles", "profiles", "hosts", "clusters", "instances"}) {
            Http r = api("GET", "/" + kind, null);
            assertEquals(200, r.status(), kind + ": " + r);
            assertTrue(r.json().has("total"), r.body());
        }
        Http all = api("GET", "/hosts", null);
        assertEquals(5, all.total(), all.body()); // n1 n2 n3 n4 sno1
        Http page = api("GET", "/hosts?offset=1&limit=2", null);
        assertEquals(5, page.total(), page.body());
        assertEquals(List.of("n2", "n3"), page.names(), page.body());
        Http rack = api("GET", "/hosts?label=rack=r1", null);
        assertEquals(2, rack.total(), rack.body());
        assertTrue(rack.names().containsAll(List.of("n1", "n3")), rack.body());
        assertEquals(3, api("GET", "/hosts?role=k8s&site=shop-7", null).total());
        assertEquals(3, api("GET", "/hosts?cluster=k3", null).total());
        Http clusters = api("GET", "/clusters?site=shop-7", null);
        assertEquals(2, clusters.total(), clusters.body());
        assertEquals(1, api("GET", "/clusters?host=sno1", null).total());
        Http typo = api("GET", "/hosts?rol=k8s", null);
        assertEquals(400, typo.status());
        assertTrue(typo.body().contains("unknown parameter 'rol'"), typo.body());
        assertEquals(404, api("GET", "/machines", null).status());
        Http one = api("GET", "/sites/shop-7", null);
        assertEquals(200, one.status());
        assertEquals("\"1\"", one.header("ETag"), one.toString());
        assertEquals(404, api("GET", "/clusters/nope", null).status());
        // a sub-resource of an unknown host is a 404 too, never an empty 200
        Http journal = api("GET", "/journal/nope", null);
        assertEquals(404, journal.status(), journal.toString());
        assertTrue(journal.header("Content-Type").startsWith("application/problem+json"), journal.toString());
        assertTrue(journal.body().contains("no host named 'nope'"), journal.body());
        // the templates a run can start from, the built-in ones marked, as kiln:workflow-templates lists them
        Http workflows = api("GET", "/workflows", null);
        List<String> builtIn = new ArrayList<>();
        for (JsonNode t : workflows.json().get("items")) if (t.get("builtIn").asBoolean()) builtIn.add(t.get("name").asText());
        assertEquals(List.of("attach", "deprovision", "firmware-refresh", "reprovision", "ztp"), builtIn, workflows.body());
        Http ztp = api("GET", "/workflows/ztp", null);
        assertTrue(ztp.status() == 200 && ztp.json().get("builtIn").asBoolean(), ztp.toString());
    }

    @Test
    @Order(5)
    void restCreatesAndRefusesBadInputClearly() throws Exception {
        Http created = api("POST", "/hosts", "{\"name\":\"n5\",\"macs\":[\"52:54:00:03:00:05\"],\"site\":\"shop-7\",\"labels\":{\"rack\":\"r3\"}}");
        assertEquals(201, created.status(), created.toString());
        assertEquals("/api/v1/hosts/n5", created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        assertTrue(ok("kiln:host-show n5").contains("rack=r3"));
        Http role = api("POST", "/roles", "{\"name\":\"storage\",\"variables\":{\"raid\":\"10\"}}");
        assertEquals(201, role.status(), role.toString());

        Http malformed = api("POST", "/hosts", "{\"name\":\"n6\",\n\"macs\":[\"52:54:00:03:00:06\"\n");
        assertEquals(400, malformed.status());
        assertTrue(malformed.body().contains("malformed JSON at line"), malformed.body());
        Http unknown = api("POST", "/hosts", "{\"name\":\"n6\",\n\"macs\":[\"52:54:00:03:00:06\"],\n\"colour\":\"red\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("unknown field 'colour' in host at line 3"), unknown.body());
        Http dangling = api("POST", "/hosts", "{\"name\":\"n6\",\"macs\":[\"52:54:00:03:00:06\"],\"role\":\"nosuch\"}");
        assertEquals(400, dangling.status());
        assertTrue(dangling.body().contains("role 'nosuch' does not exist"), dangling.body());
        Http dupMac = api("POST", "/hosts", "{\"name\":\"n6\",\"macs\":[\"52:54:00:03:00:05\"]}");
        assertEquals(409, dupMac.status());
        Http badCluster = api("POST", "/clusters", "{\"name\":\"bad\",\"site\":\"shop-7\",\"members\":[{\"host\":\"n5\",\"role\":\"CONTROL_PLANE\"},"
                + "{\"host\":\"ghost\"}],\"machineNetwork\":\"" + net + "0/24\",\"apiVip\":\"" + net + "150\",\"ingressVip\":\"" + net + "151\"}");
        assertEquals(400, badCluster.status(), badCluster.toString());
        assertTrue(badCluster.body().contains("'ghost' does not exist") && badCluster.body().contains("lies in DHCP pool"), badCluster.body());
        // the boot bundle's check: a template override for a file Kiln does not serve is refused when written
        Http badOverride = api("POST", "/profiles", "{\"name\":\"odd\",\"kernel\":\"vmlinuz\",\"templates\":{\"usr-data\":\"acme/user-data\"}}");
        assertEquals(400, badOverride.status(), badOverride.toString());
        assertTrue(badOverride.body().contains("templates key 'usr-data' is no file Kiln serves per host"), badOverride.body());
        String typo = kiln.client("kiln:profile-add --kernel vmlinuz --template user-data=acme/user-data odd");
        assertTrue(typo.contains("'user-data' fits autoinstall/user-data and cloud-init/user-data; write the full name"), typo);
        assertTrue(ok("kiln:profile-add --kernel vmlinuz --template cloud-init/user-data=acme/user-data odd").contains("Added profile odd"));
        assertTrue(ok("kiln:profile-remove odd").contains("odd"));
        for (Http h : List.of(malformed, unknown, dangling, badCluster, badOverride)) assertFalse(h.body().contains("at io.kiln"), h.body());
    }

    @Test
    @Order(6)
    void concurrentUpdatesWithTheSameVersionLoseNothing() throws Exception {
        Http got = api("GET", "/hosts/n5", null);
        String etag = got.header("ETag");
        assertEquals("\"1\"", etag);
        String body = "{\"name\":\"n5\",\"macs\":[\"52:54:00:03:00:05\"],\"site\":\"shop-7\",\"labels\":{\"rack\":\"RACK\"}}";
        Http noPrecondition = api("PUT", "/hosts/n5", body.replace("RACK", "r9"));
        assertEquals(428, noPrecondition.status(), noPrecondition.toString());
        assertTrue(noPrecondition.body().contains("If-Match"), noPrecondition.body());

        CompletableFuture<Http> a = CompletableFuture.supplyAsync(() -> api("PUT", "/hosts/n5", body.replace("RACK", "ra"), "If-Match: " + etag));
        CompletableFuture<Http> b = CompletableFuture.supplyAsync(() -> api("PUT", "/hosts/n5", body.replace("RACK", "rb"), "If-Match: " + etag));
        List<Http> both = List.of(a.get(), b.get());
        List<Integer> statuses = new ArrayList<>(both.stream().map(Http::status).sorted().toList());
        assertEquals(List.of(200, 409), statuses, both.toString());
        Http winner = both.stream().filter(h -> h.status() == 200).findFirst().orElseThrow();
        Http loser = both.stream().filter(h -> h.status() == 409).findFirst().orElseThrow();
        assertEquals("\"2\"", winner.header("ETag"));
        assertTrue(loser.body().contains("changed by someone else"), loser.body());
        String rack = winner.json().at("/labels/rack").asText();
        assertTrue(List.of("ra", "rb").contains(rack), winner.body());
        Http now = api("GET", "/hosts/n5", null);
        assertEquals("\"2\"", now.header("ETag"));
        assertEquals(rack, now.json().at("/labels/rack").asText(), "the winner's change is what is stored: " + now.body());

        Http forced = api("PUT", "/hosts/n5?force=true", body.replace("RACK", "rf"));
        assertEquals(200, forced.status(), forced.toString());
        assertEquals("\"3\"", forced.header("ETag"));
        Http staleDelete = api("DELETE", "/hosts/n5", null, "If-Match: \"2\"");
        assertEquals(409, staleDelete.status(), staleDelete.toString());
        assertEquals(200, api("DELETE", "/hosts/n5", null, "If-Match: \"3\"").status());
        assertEquals(404, api("GET", "/hosts/n5", null).status());
    }

    @Test
    @Order(7)
    void aZtpHostStartsProvisioningWhenItOnboardsAndANonZtpHostWaits() throws Exception {
        Http pending = api("GET", "/instances/n2", null);
        assertEquals(200, pending.status(), "ZTP: created with the host: " + pending);
        assertEquals("PENDING", pending.json().path("current").asText(), pending.body());
        // a spec write (a README-style PUT of the host without status fields) never touches the status
        Http host = api("GET", "/hosts/n2", null);
        assertEquals("REGISTERED", host.json().path("currentState").asText(), host.body());
        Http spec = api("PUT", "/hosts/n2", host.object().put("currentState", "ONBOARDED").toString(), "If-Match: " + host.header("ETag"));
        assertEquals(200, spec.status(), spec.toString());
        assertEquals("REGISTERED", spec.json().path("currentState").asText(), "status is not the spec's: " + spec.body());
        // what onboarding will do: the host's status becomes ONBOARDED, with the status version read
        Http status = api("GET", "/hosts/n2/status", null);
        assertEquals("\"0\"", status.header("ETag"), "no status written yet: " + status);
        Http onboarded = api("PUT", "/hosts/n2/status", "{\"currentState\":\"ONBOARDED\",\"hardware\":{\"cpu.cores\":\"8\"}}",
                "If-Match: " + status.header("ETag"));
        assertEquals(200, onboarded.status(), onboarded.toString());
        assertEquals("\"1\"", onboarded.header("ETag"));
        Http started = api("GET", "/instances/n2", null);
        assertEquals("PROVISIONING", started.json().path("current").asText(), "provisioning starts as the host onboards: " + started.body());
        assertEquals(spec.header("ETag"), api("GET", "/hosts/n2", null).header("ETag"), "a status write leaves the spec version alone");
        assertEquals(409, api("PUT", "/hosts/n2/status", "{\"currentState\":\"ERROR\"}", "If-Match: \"0\"").status(), "stale status version");
        assertTrue(ok("kiln:host-show n2").contains("Instance:  microos, desired running, current provisioning"));
        assertEquals(1, api("GET", "/instances?current=PROVISIONING", null).total());
        JsonNode ctx = api("GET", "/hosts/n2/context", null).json();
        assertEquals("k3", ctx.path("cluster").path("name").asText(), ctx.toString());
        assertEquals("instance", ctx.path("boot").path("from").asText(), ctx.toString());
        assertEquals("ONBOARDED", ctx.path("status").path("currentState").asText(), ctx.toString());
        // the same from the shell
        String n3 = ok("kiln:host-state --current onboarded n3");
        assertTrue(n3.contains("Host n3 (version 1, status version 1): desired onboarded, current onboarded")
                && n3.contains("Instance: microos, desired running, current provisioning"), n3);
        assertTrue(kiln.client("kiln:host-state --current bogus n3").contains("--current 'bogus' is not one of registered, onboarding"));
        // by hand only as the state machine allows, and the same refusal from REST and the shell
        String refusal = "host 'n2' is ONBOARDED: by hand its current state can become REGISTERED, ERROR, not QUARANTINED";
        Http quarantine = api("PUT", "/hosts/n2/status?force=true", "{\"currentState\":\"QUARANTINED\"}");
        assertEquals(409, quarantine.status(), quarantine.toString());
        assertTrue(quarantine.header("Content-Type").startsWith("application/problem+json")
                && quarantine.json().path("detail").asText().startsWith(refusal), quarantine.body());
        String shellRefusal = kiln.client("kiln:host-state --current quarantined n2");
        assertTrue(shellRefusal.contains(refusal), shellRefusal);
        assertEquals("ONBOARDED", api("GET", "/hosts/n2/status", null).json().path("currentState").asText(), "nothing written");
        // a PUT that changes the state only keeps the discovered hardware (the shell's host-state does the same)
        Http errored = api("PUT", "/hosts/n2/status?force=true", "{\"currentState\":\"ERROR\"}");
        assertEquals(200, errored.status(), errored.toString());
        assertEquals("8", errored.json().path("hardware").path("cpu.cores").asText(), "facts kept: " + errored.body());
        // an instance's status from the shell, as PUT /instances/NAME/status does
        String n3i = ok("kiln:instance-state --current running n3");
        assertTrue(n3i.contains("Instance n3 (status version 2): current running"), n3i);
        assertEquals("RUNNING", api("GET", "/instances/n3/status", null).json().path("current").asText());
        assertTrue(kiln.client("kiln:instance-state --current done n3").contains("--current 'done' is not one of pending, provisioning"));

        Http waiting = api("POST", "/hosts", "{\"name\":\"n7\",\"macs\":[\"52:54:00:03:00:07\"],\"profile\":\"microos\",\"site\":\"shop-7\","
                + "\"mode\":\"NON_ZTP\"}");
        assertEquals(201, waiting.status(), waiting.toString());
        assertEquals(200, api("PUT", "/hosts/n7/status?force=true", "{\"currentState\":\"ONBOARDED\"}").status());
        assertEquals(404, api("GET", "/instances/n7", null).status(), "non-ZTP: no instance until an operator adds one");
        assertTrue(ok("kiln:instance-add --profile microos n7").contains("current provisioning"), "the go-ahead on an onboarded host starts it");
        assertTrue(ok("kiln:host-remove n7").contains("Removed host n7"));
        assertEquals(404, api("GET", "/instances/n7", null).status(), "the instance goes with its host");
    }

    @Test
    @Order(8)
    void commandsRemoveInDependencyOrder() throws Exception {
        assertTrue(kiln.client("kiln:host-remove sno1").contains("is used by"), "a clustered host cannot go");
        assertTrue(ok("kiln:instance-remove sno1").contains("Removed instance sno1"));
        assertTrue(ok("kiln:cluster-remove sno").contains("Removed cluster sno"));
        ok("kiln:host-remove sno1");
        assertTrue(kiln.client("kiln:role-remove nosuch").contains("no role named 'nosuch'"));
        assertTrue(ok("kiln:role-remove storage").contains("Removed role storage"));
        assertFalse(ok("kiln:cluster-list").contains("sno"));
    }

    @Test
    @Order(8)
    void theBootSlicesRoutesAndAccessRulesStillHold() throws Exception {
        for (String path : new String[] {"/leases", "/dhcp/status", "/dhcp/log?limit=3", "/tftp/status", "/boot/explain?mac=52:54:00:03:00:01&arch=7",
                "/profiles/microos"}) {
            Http r = api("GET", path, null);
            assertEquals(200, r.status(), path + ": " + r);
        }
        Http explain = api("GET", "/boot/explain?mac=52:54:00:03:00:01&arch=7", null);
        assertEquals("snponly.efi", explain.json().at("/decision/bootFile").asText(), explain.body());
        Http badMac = api("POST", "/hosts", "{\"name\":\"r1\",\"macs\":[\"nope\"]}");
        assertEquals(400, badMac.status());
        assertTrue(badMac.body().contains("not a MAC address"), badMac.body());
        assertEquals(401, kiln.http(lab.clientNs, lab.serverIp).get("/api/v1/hosts").status());
        assertEquals(403, kiln.http(lab.serverNs, lab.serverIp).with("--interface", lab.serverIp).api().get("/hosts").status(),
                "only allowedClients may call");
    }

    static String row(String table, String name) {
        for (String line : table.split("\n")) if (line.trim().startsWith(name + " ")) return line;
        return "";
    }

    /** One variable of a {@code /hosts/{name}/variables} answer. */
    static JsonNode variable(Http answer, String name) {
        for (JsonNode v : answer.json().path("variables")) if (name.equals(v.path("name").asText())) return v;
        throw new AssertionError("no variable '" + name + "' in " + answer.body());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A REST call from the client namespace as karaf; headers like "If-Match: \"1\"". */
    static Http api(String method, String path, String body, String... headers) {
        return rest.request(method, path, body, headers);
    }
}
