package io.kiln.templates.internal;

import static io.kiln.templates.internal.Fixtures.dhcpHost;
import static io.kiln.templates.internal.Fixtures.staticHost;
import static io.kiln.templates.internal.Fixtures.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kiln.api.KilnException;
import io.kiln.api.template.RenderedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class FreemarkerTemplateRendererTest {

    @TempDir
    Path tmp;

    private FreemarkerTemplateRenderer renderer() {
        return new FreemarkerTemplateRenderer(tmp.resolve("templates"));
    }

    private String render(String template, Map<String, Object> vars) {
        return renderer().render(template, vars).content();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String content) {
        return (Map<String, Object>) new Yaml().load(content);
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> m, String path) {
        Object o = m;
        for (String k : path.split("\\.")) {
            o = o instanceof List<?> l ? l.get(Integer.parseInt(k)) : ((Map<String, Object>) o).get(k);
        }
        return (T) o;
    }

    /** The line of a built-in template on which {@code text} first appears (1-based). */
    private static int lineOf(String template, String text) throws IOException {
        try (InputStream in = FreemarkerTemplateRenderer.class.getClassLoader().getResourceAsStream("templates/" + template)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        }
        throw new AssertionError(text + " not in " + template);
    }

    static Stream<Arguments> everyTemplateForBothHosts() {
        List<Arguments> out = new ArrayList<>();
        for (String t : TemplateNames.BUILT_IN.keySet()) {
            String method = t.startsWith("kickstart") ? "kickstart" : t.startsWith("preseed") ? "preseed"
                    : t.startsWith("autoinstall") ? "autoinstall" : "cloud-init";
            out.add(Arguments.of(t, "edge-01", staticHost(method)));
            out.add(Arguments.of(t, "edge-02", dhcpHost(method)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("everyTemplateForBothHosts")
    void everyBuiltInTemplateRendersForBothHosts(String template, String host, Map<String, Object> vars) {
        RenderedFile f = renderer().render(template, vars);
        assertEquals(template, f.template());
        assertEquals(TemplateNames.BUILT_IN.get(template), f.contentType());
        // network-config names interfaces, not the host
        assertTrue(f.content().contains(template.endsWith("network-config") ? "macaddress" : host), f.content());
        assertFalse(f.content().contains("<#") || f.content().contains("${"), "FTL left in the output:\n" + f.content());
        assertTrue(f.content().endsWith("\n"), "ends with a newline");
        assertFalse(f.content().startsWith("\n") || f.content().startsWith(" "), "no blank first line:\n" + f.content());
    }

    @Test
    void templatesListsTheBuiltInOnes() {
        assertEquals(List.of("autoinstall/user-data", "cloud-init/meta-data", "cloud-init/network-config", "cloud-init/user-data",
                "ipxe/boot.ipxe", "kickstart/ks.cfg", "preseed/preseed.cfg"), renderer().templates());
    }

    @Test
    void metaData() {
        assertEquals("instance-id: \"kiln-edge-01\"\nlocal-hostname: \"edge-01\"\n", render("cloud-init/meta-data", staticHost("cloud-init")));
        Map<String, Object> vars = dhcpHost("cloud-init");
        sub(vars, "host").put("instance_id", "edge-02-run-7");
        assertEquals(Map.of("instance-id", "edge-02-run-7", "local-hostname", "edge-02"), yaml(render("cloud-init/meta-data", vars)));
    }

    @Test
    void userDataForTheStaticHostWithProxyAndCluster() {
        String out = render("cloud-init/user-data", staticHost("cloud-init"));
        assertTrue(out.startsWith("#cloud-config\n"), out);
        Map<String, Object> y = yaml(out);
        assertEquals("edge-01", y.get("hostname"));
        assertEquals("edge-01.site1.example.net", y.get("fqdn"));
        assertEquals("kiln", at(y, "users.0.name"));
        assertEquals(true, at(y, "users.0.lock_passwd"));
        assertEquals(List.of(Fixtures.KEY_ED25519, Fixtures.KEY_RSA), at(y, "users.0.ssh_authorized_keys"));
        assertEquals(false, y.get("ssh_pwauth"));
        assertEquals("Europe/Berlin", y.get("timezone"));
        assertEquals(List.of("ntp1.site1.example.net", "10.20.0.2"), at(y, "ntp.servers"));
        assertEquals(List.of("curl", "htop", "jq"), y.get("packages"));
        assertEquals("http://proxy.site1.example.net:3128", at(y, "apt.http_proxy"));
        assertEquals("/etc/kiln/kiln.env", at(y, "write_files.0.path"));
        assertEquals("KILN_HOST='edge-01'\nKILN_FQDN='edge-01.site1.example.net'\nKILN_URL='http://10.20.0.1:8080'\n"
                + "KILN_CLUSTER='edge-k8s'\nKILN_CLUSTER_ROLE='control-plane'\nKILN_API_VIP='10.20.0.100'\n", at(y, "write_files.0.content"));
        String phoneHome = at(y, "write_files.1.content");
        assertTrue(phoneHome.startsWith("#!/bin/sh\n"), phoneHome);
        assertTrue(phoneHome.contains("'http://10.20.0.1:8080/boot/report?mac=52:54:00:12:34:56'"), phoneHome);
        assertEquals(List.of(List.of("/usr/local/sbin/kiln-phone-home")), y.get("runcmd"));
    }

    @Test
    void userDataForTheDhcpHostHasNoProxyNoCluster() {
        Map<String, Object> y = yaml(render("cloud-init/user-data", dhcpHost("cloud-init")));
        assertFalse(y.containsKey("apt"));
        assertEquals(List.of("curl"), y.get("packages"));
        String env = at(y, "write_files.0.content");
        assertFalse(env.contains("KILN_CLUSTER"), env);
        assertTrue(((String) at(y, "write_files.1.content")).contains("mac=52:54:00:ab:cd:02"));
    }

    @Test
    void networkConfigStaticAndDhcp() {
        Map<String, Object> y = yaml(render("cloud-init/network-config", staticHost("cloud-init")));
        assertEquals(2, y.get("version"));
        assertEquals("52:54:00:12:34:56", at(y, "ethernets.eno1.match.macaddress"));
        assertEquals("eno1", at(y, "ethernets.eno1.set-name"));
        assertEquals(false, at(y, "ethernets.eno1.dhcp4"));
        assertEquals(List.of("10.20.0.11/24"), at(y, "ethernets.eno1.addresses"));
        assertEquals(List.of(Map.of("to", "0.0.0.0/0", "via", "10.20.0.1")), at(y, "ethernets.eno1.routes"));
        assertEquals(List.of("10.20.0.2", "10.20.0.3"), at(y, "ethernets.eno1.nameservers.addresses"));
        assertEquals(List.of("site1.example.net"), at(y, "ethernets.eno1.nameservers.search"));
        assertEquals(true, at(y, "ethernets.eno2.dhcp4"));
        assertEquals((Object) 9000, at(y, "ethernets.eno2.mtu"));
        assertFalse(((Map<?, ?>) at(y, "ethernets.eno2")).containsKey("routes"));

        Map<String, Object> d = yaml(render("cloud-init/network-config", dhcpHost("cloud-init")));
        assertEquals(Map.of("match", Map.of("macaddress", "52:54:00:ab:cd:02"), "set-name", "enp1s0", "dhcp4", true),
                at(d, "ethernets.enp1s0"), "MAC lower-cased, DHCP");
    }

    @Test
    void autoinstall() {
        String out = render("autoinstall/user-data", staticHost("autoinstall"));
        assertTrue(out.startsWith("#cloud-config\n"), out);
        Map<String, Object> a = at(yaml(out), "autoinstall");
        assertEquals(1, a.get("version"));
        assertEquals(Map.of("hostname", "edge-01", "realname", "Kiln operator", "username", "kiln", "password", "!"), a.get("identity"));
        assertEquals(List.of(Fixtures.KEY_ED25519, Fixtures.KEY_RSA), at(a, "ssh.authorized-keys"));
        assertEquals(false, at(a, "ssh.allow-pw"));
        assertEquals("lvm", at(a, "storage.layout.name"));
        assertEquals(List.of("curl", "htop", "jq"), a.get("packages"));
        assertEquals("http://proxy.site1.example.net:3128", a.get("proxy"));
        assertEquals(List.of("10.20.0.11/24"), at(a, "network.ethernets.eno1.addresses"));
        List<String> late = at(a, "late-commands");
        assertEquals(4, late.size());
        assertTrue(late.get(0).startsWith("curtin in-target -- sh -c "), late.get(0));
        assertEquals(KILN_ENV_EDGE_01, kilnEnvWrittenBy(Shell.words(late.get(1)).get(5)));
        assertTrue(late.get(3).contains("'http://10.20.0.1:8080/boot/report?mac=52:54:00:12:34:56'"), late.get(3));
        for (String cmd : late) Shell.assertSyntax(cmd);

        Map<String, Object> vars = dhcpHost("autoinstall");
        sub(vars, "site").put("password_hash", "$6$salt$hash");
        Map<String, Object> install = sub(vars, "install");
        install.put("disk", "/dev/disk/by-path/pci-0000:00:1f.2-ata-1");
        install.put("mirror", "http://mirror.site1.example.net/ubuntu");
        Map<String, Object> d = at(yaml(render("autoinstall/user-data", vars)), "autoinstall");
        assertEquals("$6$salt$hash", at(d, "identity.password"));
        assertEquals("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", at(d, "storage.layout.match.path"));
        assertEquals("http://mirror.site1.example.net/ubuntu", at(d, "apt.primary.0.uri"));
        assertFalse(d.containsKey("proxy"));
    }

    @Test
    void kickstart() {
        String out = render("kickstart/ks.cfg", staticHost("kickstart"));
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("network --device='52:54:00:12:34:56' --bootproto=static --ip='10.20.0.11' --netmask=255.255.255.0 "
                + "--gateway='10.20.0.1' --nameserver='10.20.0.2,10.20.0.3' --onboot=yes --activate"), out);
        assertTrue(lines.contains("network --device='52:54:00:12:34:57' --bootproto=dhcp --mtu=9000 --onboot=yes --activate"), out);
        assertTrue(lines.contains("network --hostname='edge-01.site1.example.net'"), out);
        assertTrue(lines.contains("rootpw --lock"), out);
        assertTrue(lines.contains("timezone 'Europe/Berlin' --utc"), out);
        assertTrue(lines.contains("timesource --ntp-server='ntp1.site1.example.net'"), out);
        assertTrue(lines.contains("sshkey --username='kiln' '" + Fixtures.KEY_RSA + "'"), out);
        assertTrue(lines.contains("url --url='https://mirror.example.net/rocky/9/BaseOS/x86_64/os/' --proxy='http://proxy.site1.example.net:3128'"), out);
        assertTrue(lines.contains("autopart --type=lvm"), out);
        assertEquals(List.of("@core", "openssh-server", "chrony", "curl", "htop", "jq"), section(lines, "%packages"));
        List<String> post = section(lines, "%post --log=/root/kiln-post.log");
        assertTrue(post.contains("curl -fsS --noproxy '*' --retry 5 -X POST --data-binary 'kickstart done: host edge-01' "
                + "'http://10.20.0.1:8080/boot/report?mac=52:54:00:12:34:56' || true"), String.join("\n", post));
        Shell.assertSyntax(String.join("\n", post));
        assertEquals(KILN_ENV_EDGE_01, kilnEnvWrittenBy(String.join("\n", post)));

        String dhcp = render("kickstart/ks.cfg", dhcpHost("kickstart"));
        assertTrue(dhcp.contains("\nnetwork --device='52:54:00:ab:cd:02' --bootproto=dhcp --onboot=yes --activate\n"), dhcp);
        assertFalse(dhcp.contains("--proxy"), dhcp);
    }

    private static List<String> section(List<String> lines, String start) {
        int from = lines.indexOf(start);
        assertTrue(from >= 0, start + " missing");
        int end = lines.subList(from, lines.size()).indexOf("%end");
        assertTrue(end > 0, start + " has no %end");
        return lines.subList(from + 1, from + end);
    }

    private static final Pattern DEBCONF_LINE = Pattern.compile("\\S+ \\S+ (string|boolean|select|multiselect|note|password)( .*)?");

    @Test
    void preseed() {
        String out = render("preseed/preseed.cfg", staticHost("preseed"));
        List<String> lines = out.lines().filter(l -> !l.startsWith("#")).toList();
        for (String l : lines) assertTrue(DEBCONF_LINE.matcher(l).matches(), "not a debconf selection: " + l);
        assertTrue(lines.contains("d-i netcfg/get_ipaddress string 10.20.0.11"), out);
        assertTrue(lines.contains("d-i netcfg/get_netmask string 255.255.255.0"), out);
        assertTrue(lines.contains("d-i netcfg/get_gateway string 10.20.0.1"), out);
        assertTrue(lines.contains("d-i netcfg/get_hostname string edge-01"), out);
        assertTrue(lines.contains("d-i netcfg/get_domain string site1.example.net"), out);
        assertTrue(lines.contains("d-i passwd/root-login boolean false"), out);
        assertTrue(lines.contains("d-i mirror/http/proxy string http://proxy.site1.example.net:3128"), out);
        assertTrue(lines.contains("d-i partman-auto/method string lvm"), out);
        assertTrue(lines.contains("d-i pkgsel/include string curl sudo openssh-server chrony htop jq"), out);
        assertTrue(lines.contains("d-i time/zone string Europe/Berlin"), out);
        String late = lines.stream().filter(l -> l.startsWith("d-i preseed/late_command string ")).findFirst().orElseThrow()
                .substring("d-i preseed/late_command string ".length());
        assertTrue(late.startsWith("in-target sh -c '"), late);
        assertTrue(late.contains(Fixtures.KEY_ED25519), late);
        Shell.assertSyntax(late);
        // the script in-target runs: unquote the argument of sh -c and check it too
        String inner = Shell.words(late).get(3);
        assertEquals(KILN_ENV_EDGE_01, kilnEnvWrittenBy(inner));
        assertTrue(inner.contains("printf '%s\\n' '" + Fixtures.KEY_ED25519 + "' '" + Fixtures.KEY_RSA + "' > '/home/kiln/.ssh/authorized_keys'"), inner);
        Shell.assertSyntax(inner);

        String dhcp = render("preseed/preseed.cfg", dhcpHost("preseed"));
        assertFalse(dhcp.contains("netcfg/disable_autoconfig"), dhcp);
        assertTrue(dhcp.contains("\nd-i netcfg/choose_interface select enp1s0\n"), dhcp);
    }

    @Test
    void ipxeForEachInstallMethod() {
        String ks = render("ipxe/boot.ipxe", staticHost("kickstart"));
        assertEquals("#!ipxe\n# Kiln: host edge-01, install kickstart, rendered from ipxe/boot.ipxe\n"
                + "kernel https://mirror.example.net/rocky/9/BaseOS/x86_64/os/images/pxeboot/vmlinuz "
                + "inst.ks=http://10.20.0.1:8080/kickstart/edge-01/ks.cfg BOOTIF=01-52-54-00-12-34-56\n"
                + "initrd https://mirror.example.net/rocky/9/BaseOS/x86_64/os/images/pxeboot/initrd.img\nboot\n", ks);
        String ai = render("ipxe/boot.ipxe", dhcpHost("autoinstall"));
        assertTrue(ai.contains("\nkernel http://10.20.0.1:8080/artifacts/ubuntu-24.04/vmlinuz autoinstall "
                + "ds=nocloud-net;s=http://10.20.0.1:8080/autoinstall/edge-02/ BOOTIF=01-52-54-00-ab-cd-02 ip=dhcp url="), ai);
        assertTrue(ai.contains("\ninitrd http://10.20.0.1:8080/artifacts/ubuntu-24.04/initrd\n"), ai);
        String ps = render("ipxe/boot.ipxe", dhcpHost("preseed"));
        assertTrue(ps.contains(" auto=true priority=critical url=http://10.20.0.1:8080/preseed/edge-02/preseed.cfg hostname=edge-02 domain=site1.example.net "), ps);
        String ci = render("ipxe/boot.ipxe", dhcpHost("cloud-init"));
        assertTrue(ci.contains(" ds=nocloud-net;s=http://10.20.0.1:8080/cloud-init/edge-02/ "), ci);
    }

    @Test
    void unknownInstallMethodIsAnErrorWithTheLine() throws IOException {
        Map<String, Object> vars = dhcpHost("netboot");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("ipxe/boot.ipxe", vars));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals("template ipxe/boot.ipxe line " + lineOf("ipxe/boot.ipxe", "<#stop")
                + ": install.method is 'netboot'; it must be autoinstall, kickstart, preseed or cloud-init", e.getMessage());
    }

    // ---- errors: never half a file ----

    @Test
    void missingVariableNamesTemplateLineAndVariable() throws IOException {
        Map<String, Object> vars = staticHost("cloud-init");
        sub(vars, "site").remove("ntp");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("cloud-init/user-data", vars));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertEquals("template cloud-init/user-data line " + lineOf("cloud-init/user-data", "<#if site.ntp?size gt 0>")
                + ": variable 'site.ntp' is not defined", e.getMessage());
    }

    @Test
    void missingParentMapIsNamed() throws IOException {
        Map<String, Object> vars = staticHost("cloud-init");
        vars.remove("kiln");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("cloud-init/user-data", vars));
        assertEquals("template cloud-init/user-data line " + lineOf("cloud-init/user-data", "KILN_URL=")
                + ": variable 'kiln' is not defined", e.getMessage());
    }

    @Test
    void missingVariableInsideAListItem() {
        Map<String, Object> vars = staticHost("cloud-init");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ifaces = (List<Map<String, Object>>) sub(vars, "network").get("interfaces");
        ifaces.get(1).remove("mac");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("cloud-init/network-config", vars));
        assertTrue(e.getMessage().matches("template cloud-init/network-config line \\d+: variable 'iface.mac' is not defined"), e.getMessage());
    }

    @Test
    void staticAddressWithoutDnsIsAnError() {
        Map<String, Object> vars = staticHost("kickstart");
        sub(vars, "site").remove("dns");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("kickstart/ks.cfg", vars));
        assertTrue(e.getMessage().matches("template kickstart/ks.cfg line \\d+: variable 'site.dns' is not defined"), e.getMessage());
    }

    @Test
    void anErrorAtTheEndReturnsNothing() throws IOException {
        Files.createDirectories(tmp.resolve("templates/cloud-init"));
        Files.writeString(tmp.resolve("templates/cloud-init/user-data"),
                "#cloud-config\n" + "# filler\n".repeat(20_000) + "hostname: ${host.nickname}\n");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("cloud-init/user-data", staticHost("cloud-init")));
        assertEquals("template cloud-init/user-data line 20002: variable 'host.nickname' is not defined", e.getMessage());
    }

    @Test
    void lineBreakInAValueIsRefusedWhereItWouldStartANewLine() throws IOException {
        Map<String, Object> vars = staticHost("preseed");
        sub(vars, "host").put("name", "edge-01\nd-i preseed/late_command string reboot");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("preseed/preseed.cfg", vars));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("template preseed/preseed.cfg line "), e.getMessage());
        assertTrue(e.getMessage().contains("contains a control character"), e.getMessage());
    }

    @Test
    void yamlValuesAreQuotedSoTheyStayStrings() {
        Map<String, Object> vars = staticHost("cloud-init");
        String nasty = "ssh-ed25519 AAAA \"quoted\" it's: #not-a-comment \\ end";
        sub(vars, "site").put("ssh_keys", List.of(nasty));
        sub(vars, "site").put("timezone", "yes");
        sub(vars, "role").put("packages", List.of("08", "on", "a: b"));
        Map<String, Object> y = yaml(render("cloud-init/user-data", vars));
        assertEquals(List.of(nasty), at(y, "users.0.ssh_authorized_keys"));
        assertEquals("yes", y.get("timezone"));
        assertEquals(List.of("curl", "08", "on", "a: b"), y.get("packages"));
    }

    @Test
    void shellQuotingSurvivesSingleQuotes() {
        Map<String, Object> vars = staticHost("kickstart");
        sub(vars, "site").put("ssh_keys", List.of("ssh-ed25519 AAAA o'brien@example; rm -rf /"));
        String out = render("kickstart/ks.cfg", vars);
        assertTrue(out.contains("\nsshkey --username='kiln' 'ssh-ed25519 AAAA o'\\''brien@example; rm -rf /'\n"), out);
        assertEquals(List.of("sshkey", "--username=kiln", "ssh-ed25519 AAAA o'brien@example; rm -rf /"),
                Shell.words("sshkey --username='kiln' 'ssh-ed25519 AAAA o'\\''brien@example; rm -rf /'"));
    }

    @Test
    void reservedVariableNamesAreRefused() {
        Map<String, Object> vars = staticHost("cloud-init");
        vars.put("yaml", "x");
        KilnException e = assertThrows(KilnException.class, () -> renderer().render("cloud-init/meta-data", vars));
        assertEquals("variable 'yaml' is reserved (a template function); rename it", e.getMessage());
    }

    // ---- templates: names, overrides, syntax errors, safety ----

    @ParameterizedTest
    @ValueSource(strings = {"nope", "../etc/passwd", "cloud-init/../../x", "/etc/passwd", ".hidden", "cloud-init/.user-data", ""})
    void unknownOrUnsafeNamesAreNotFound(String name) {
        KilnException e = assertThrows(KilnException.class, () -> renderer().render(name, staticHost("cloud-init")));
        assertEquals(KilnException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void overrideDirectoryWinsAndAddsTemplates() throws IOException {
        FreemarkerTemplateRenderer r = renderer();   // the directory does not exist yet: fine
        assertEquals("instance-id: \"kiln-edge-01\"\nlocal-hostname: \"edge-01\"\n", r.render("cloud-init/meta-data", staticHost("cloud-init")).content());

        Path dir = tmp.resolve("templates");
        Files.createDirectories(dir.resolve("cloud-init"));
        Files.createDirectories(dir.resolve("site1"));
        Files.writeString(dir.resolve("cloud-init/meta-data"), "instance-id: ${yaml(host.name + \"-custom\")}\nlocal-hostname: ${yaml(host.name)}\n");
        Files.writeString(dir.resolve("site1/motd"), "Welcome to ${host.name}\n");
        FreemarkerTemplateRenderer fresh = renderer();
        assertEquals("instance-id: \"edge-01-custom\"\nlocal-hostname: \"edge-01\"\n", fresh.render("cloud-init/meta-data", staticHost("cloud-init")).content());
        RenderedFile motd = fresh.render("site1/motd", staticHost("cloud-init"));
        assertEquals("Welcome to edge-01\n", motd.content());
        assertEquals(TemplateNames.TEXT, motd.contentType());
        assertTrue(fresh.templates().contains("site1/motd"));
        assertEquals(8, fresh.templates().size());
        // the other built-in templates still come from the bundle
        assertTrue(fresh.render("cloud-init/user-data", staticHost("cloud-init")).content().startsWith("#cloud-config\n"));
    }

    @Test
    void overrideMayIncludeAnotherTemplate() throws IOException {
        Path dir = tmp.resolve("templates");
        Files.createDirectories(dir.resolve("cloud-init"));
        Files.writeString(dir.resolve("cloud-init/meta-data"), "<#include \"/cloud-init/common\">local-hostname: ${yaml(host.name)}\n");
        Files.writeString(dir.resolve("cloud-init/common"), "instance-id: ${yaml(host.uuid)}\n");
        assertEquals("instance-id: \"0b8f3f4e-6a2c-4c4e-9f0a-2d1b7c9e5a11\"\nlocal-hostname: \"edge-01\"\n",
                render("cloud-init/meta-data", staticHost("cloud-init")));
        KilnException e = assertThrows(KilnException.class, () -> render("cloud-init/meta-data", dhcpHost("cloud-init")));
        assertEquals("template cloud-init/common line 1: variable 'host.uuid' is not defined", e.getMessage());
    }

    @Test
    void templateSetFilesAreListedTypedByTheirFileNameAndMayExtendTheBuiltIn() throws IOException {
        // what a role's template set "shop" looks like to kiln-boot: <set>/<built-in name>
        Path dir = tmp.resolve("templates");
        Files.createDirectories(dir.resolve("shop/cloud-init"));
        Files.createDirectories(dir.resolve("shop/kickstart"));
        Files.writeString(dir.resolve("shop/cloud-init/user-data"), "<#include \"/cloud-init/user-data\"># shop ${host.name}\n");
        Files.writeString(dir.resolve("shop/kickstart/ks.cfg"), "# shop kickstart for ${host.name}\n");
        FreemarkerTemplateRenderer r = renderer();
        assertTrue(r.templates().containsAll(List.of("shop/cloud-init/user-data", "shop/kickstart/ks.cfg")), r.templates().toString());

        RenderedFile userData = r.render("shop/cloud-init/user-data", staticHost("cloud-init"));
        assertEquals(TemplateNames.CLOUD_CONFIG, userData.contentType());
        assertEquals(render("cloud-init/user-data", staticHost("cloud-init")) + "# shop edge-01\n", userData.content());
        assertEquals(TemplateNames.TEXT, r.render("shop/kickstart/ks.cfg", staticHost("kickstart")).contentType());
    }

    @Test
    void syntaxErrorIsClear() throws IOException {
        Path dir = tmp.resolve("templates/cloud-init");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta-data"), "instance-id: x\n<#if host.name == \"a\">\nlocal-hostname: a\n");
        KilnException e = assertThrows(KilnException.class, () -> render("cloud-init/meta-data", staticHost("cloud-init")));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("template cloud-init/meta-data line "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error: "), e.getMessage());
        assertTrue(e.getMessage().contains("#if"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Files.writeString(dir.resolve("meta-data"), "instance-id: ${host.name\n");
        KilnException e2 = assertThrows(KilnException.class, () -> render("cloud-init/meta-data", staticHost("cloud-init")));
        assertTrue(e2.getMessage().matches("template cloud-init/meta-data line 1 column \\d+: syntax error: .+"), e2.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "${\"freemarker.template.utility.Execute\"?new()(\"id\")}",
        "<#assign ob=\"freemarker.template.utility.ObjectConstructor\"?new()>${ob(\"java.io.File\", \"/\")}",
        "${host?api.getClass()}",
        "${host.name?api.getClass()}",
        "${host.getClass()}",
    })
    void templatesCannotReachJava(String template) throws IOException {
        Path dir = tmp.resolve("templates");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("evil"), template);
        KilnException e = assertThrows(KilnException.class, () -> render("evil", staticHost("cloud-init")));
        assertEquals(KilnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("template evil line 1: "), e.getMessage());
    }

    @Test
    void numbersAndBooleansPrintForComputers() throws IOException {
        Path dir = tmp.resolve("templates");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("n"), "${port} ${on} ${yaml(port)} ${yaml(on)} ${yaml(ratio)}\n");
        Map<String, Object> vars = Fixtures.map("port", 8080, "on", true, "ratio", 0.5);
        assertEquals("8080 true 8080 true 0.5\n", render("n", vars));
    }

    @Test
    void expandsKarafData() {
        String old = System.getProperty("karaf.data");
        try {
            System.clearProperty("karaf.data");
            assertEquals("data/kiln/templates", FreemarkerTemplateRenderer.expand("${karaf.data}/kiln/templates"));
            System.setProperty("karaf.data", "/opt/kiln/data");
            assertEquals("/opt/kiln/data/kiln/templates", FreemarkerTemplateRenderer.expand("${karaf.data}/kiln/templates"));
            assertEquals("/x/${nope.such}", FreemarkerTemplateRenderer.expand("/x/${nope.such}"));
        } finally {
            if (old == null) System.clearProperty("karaf.data");
            else System.setProperty("karaf.data", old);
        }
    }

    /** What every installer writes to /etc/kiln/kiln.env for edge-01, a member of cluster edge-k8s. */
    static final String KILN_ENV_EDGE_01 = "KILN_HOST='edge-01'\nKILN_FQDN='edge-01.site1.example.net'\nKILN_URL='http://10.20.0.1:8080'\n"
            + "KILN_CLUSTER='edge-k8s'\nKILN_CLUSTER_ROLE='control-plane'\nKILN_API_VIP='10.20.0.100'\n";

    /** Runs the printf that writes /etc/kiln/kiln.env in a script, into a temporary file instead, and returns the file. */
    static String kilnEnvWrittenBy(String script) {
        int from = script.indexOf("printf '%s\\n' 'KILN_HOST=");
        int to = script.indexOf("/etc/kiln/kiln.env", from);
        assertTrue(from >= 0 && to > from, "no kiln.env printf in: " + script);
        try {
            Path file = Files.createTempFile("kiln", ".env");
            String cmd = script.substring(from, to) + file;
            Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), cmd + ": " + out);
            String env = Files.readString(file);
            Files.delete(file);
            return env;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aTemplateDirTheOperatorNamedMustExistTheDefaultNeedNot() {
        String missing = tmp.resolve("tempaltes").toString();
        FreemarkerTemplateRenderer typo = new FreemarkerTemplateRenderer(Map.of("templateDir", missing, "templateDirr", "x"));
        assertEquals(io.kiln.api.status.Health.degraded("etc/io.kiln.templates.cfg: templateDir: directory '" + missing
                + "' does not exist; etc/io.kiln.templates.cfg: unknown key 'templateDirr' ignored (known: templateDir)"), typo.health());
        assertEquals("templates", typo.subsystem());
        assertEquals(io.kiln.api.status.Health.up(), new FreemarkerTemplateRenderer(Map.of()).health(),
                "data/kiln/templates is empty on a fresh install: built-in templates only");
    }
}
