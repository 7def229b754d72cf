package io.kiln.templates.internal;

import static io.kiln.templates.internal.Fixtures.dhcpHost;
import static io.kiln.templates.internal.Fixtures.staticHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.yaml.snakeyaml.Yaml;

/**
 * The rendered files checked by the tools that consume them (Debian 12 packages, installed by .ci/run):
 * <ul>
 *   <li>{@code cloud-init schema --config-file} (package cloud-init, 22.4): cloud-init/user-data and
 *       autoinstall/user-data against cloud-init's JSON schema. For autoinstall this checks the #cloud-config
 *       header, YAML, and that {@code autoinstall.version} is an integer (cloud-init's own schema of the key);
 *       the rest of the autoinstall section is subiquity's and is checked by the structural tests.</li>
 *   <li>{@code cloud-init devel net-convert -k yaml -O networkd} (22.4 has no {@code --schema-type
 *       network-config}): cloud-init's own v2 parser and renderer read cloud-init/network-config and the network
 *       section of autoinstall; the systemd-networkd files it writes are asserted.</li>
 *   <li>{@code debconf-set-selections -c} (package debconf): every preseed line parses, with no warning.</li>
 *   <li>{@code ksvalidator} (pykickstart): there is no Debian 12 package of it, so it runs only where it is
 *       installed (Fedora/RHEL, or pip) and is skipped otherwise, even under CI.</li>
 * </ul>
 * A tool that .ci/run installs FAILS its tests when missing under CI ({@code CI=true} in the environment or as a
 * system property) and skips them, saying so, elsewhere. Negative controls prove each tool really rejects.
 */
class RealToolsValidationTest {

    @TempDir
    Path tmp;

    private final FreemarkerTemplateRenderer renderer = new FreemarkerTemplateRenderer(Path.of("/nonexistent/kiln/templates"));

    // ---- cloud-init ----

    static Stream<Arguments> userData() {
        return Stream.of(
                Arguments.of("cloud-init/user-data", "edge-01", staticHost("cloud-init")),
                Arguments.of("cloud-init/user-data", "edge-02", dhcpHost("cloud-init")),
                Arguments.of("autoinstall/user-data", "edge-01", staticHost("autoinstall")),
                Arguments.of("autoinstall/user-data", "edge-02", dhcpHost("autoinstall")),
                Arguments.of("cloud-init/user-data", "gpu-01", Fixtures.gpuHost("cloud-init")),
                Arguments.of("autoinstall/user-data", "gpu-01", Fixtures.gpuHost("autoinstall")));
    }

    @ParameterizedTest(name = "cloud-init schema: {0} for {1}")
    @MethodSource("userData")
    void cloudInitSchemaAcceptsUserData(String template, String host, Map<String, Object> vars) throws IOException {
        Path file = write(template, vars);
        Result r = cloudInitSchema(file);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("Valid cloud-config"), r.output);
    }

    @Test
    void cloudInitSchemaRejectsWhatIsWrong() throws IOException {
        Path file = write("cloud-init/user-data", staticHost("cloud-init"));
        String broken = Files.readString(file).replace("  enabled: true\n", "  enabled: \"sometimes\"\n");
        Files.writeString(file, broken);
        Result r = cloudInitSchema(file);
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("ntp.enabled"), r.output);

        Path ai = write("autoinstall/user-data", staticHost("autoinstall"));
        Files.writeString(ai, Files.readString(ai).replace("  version: 1\n", "  version: \"one\"\n"));
        Result r2 = cloudInitSchema(ai);
        assertNotEquals(0, r2.exit, r2.output);
        assertTrue(r2.output.contains("autoinstall.version"), r2.output);
    }

    private Result cloudInitSchema(Path file) {
        String ci = tool("cloud-init", "cloud-init", true);
        Result r = run(ci, "schema", "--config-file", file.toString());
        if (r.exit == 2 && r.output.contains("invalid choice")) r = run(ci, "devel", "schema", "--config-file", file.toString());  // cloud-init < 22.2
        return r;
    }

    static Stream<Arguments> networkConfigs() {
        return Stream.of(
                Arguments.of("cloud-init/network-config", "edge-01", staticHost("cloud-init")),
                Arguments.of("cloud-init/network-config", "edge-02", dhcpHost("cloud-init")),
                Arguments.of("autoinstall/user-data", "edge-01", staticHost("autoinstall")),
                Arguments.of("autoinstall/user-data", "edge-02", dhcpHost("autoinstall")));
    }

    @ParameterizedTest(name = "cloud-init net-convert: {0} for {1}")
    @MethodSource("networkConfigs")
    void cloudInitReadsTheNetworkConfig(String template, String host, Map<String, Object> vars) throws IOException {
        Path file = write(template, vars);
        if (template.startsWith("autoinstall")) {
            // subiquity hands autoinstall.network to netplan: the same v2 document
            Map<String, Object> doc = new Yaml().load(Files.readString(file));
            @SuppressWarnings("unchecked")
            Object network = ((Map<String, Object>) doc.get("autoinstall")).get("network");
            file = tmp.resolve("autoinstall-network.yaml");
            Files.writeString(file, new Yaml().dump(network));
        }
        Path out = tmp.resolve("networkd");
        Result r = run(tool("cloud-init", "cloud-init", true), "devel", "net-convert", "--network-data", file.toString(),
                "--kind", "yaml", "--distro", "debian", "--directory", out.toString(), "--output-kind", "networkd");
        assertEquals(0, r.exit, r.output);
        Path dir = out.resolve("etc/systemd/network");
        if (host.equals("edge-01")) {
            String eno1 = Files.readString(dir.resolve("10-cloud-init-eno1.network"));
            for (String expected : List.of("MACAddress=52:54:00:12:34:56", "Name=eno1", "Address=10.20.0.11/24", "DHCP=no",
                    "DNS=10.20.0.2 10.20.0.3", "Domains=site1.example.net", "Destination=0.0.0.0/0", "Gateway=10.20.0.1")) {
                assertTrue(eno1.contains(expected + "\n"), expected + " not in\n" + eno1);
            }
            String eno2 = Files.readString(dir.resolve("10-cloud-init-eno2.network"));
            for (String expected : List.of("MACAddress=52:54:00:12:34:57", "DHCP=ipv4", "MTUBytes=9000")) {
                assertTrue(eno2.contains(expected + "\n"), expected + " not in\n" + eno2);
            }
        } else {
            String nic = Files.readString(dir.resolve("10-cloud-init-enp1s0.network"));
            assertTrue(nic.contains("MACAddress=52:54:00:ab:cd:02\n") && nic.contains("DHCP=ipv4\n"), nic);
        }
    }

    // ---- debconf ----

    @ParameterizedTest(name = "debconf-set-selections -c: preseed for {0}")
    @ValueSource(strings = {"edge-01", "edge-02", "gpu-01"})
    void debconfAcceptsThePreseed(String host) throws IOException {
        Path file = write("preseed/preseed.cfg", Fixtures.host(host, "preseed"));
        Result r = run(tool("debconf-set-selections", "debconf", true), "-c", file.toString());
        assertEquals(0, r.exit, r.output);
        assertEquals("", r.output, "debconf-set-selections warns");
    }

    @Test
    void debconfRejectsWhatIsWrong() throws IOException {
        Path file = write("preseed/preseed.cfg", staticHost("preseed"));
        String rendered = Files.readString(file);
        Files.writeString(file, rendered.replace("d-i passwd/root-login boolean false", "d-i passwd/root-login bool false"));
        Result warned = run(tool("debconf-set-selections", "debconf", true), "-c", file.toString());
        assertTrue(warned.output.contains("Unknown type bool"), warned.output);
        Files.writeString(file, rendered + "d-i netcfg/get_hostname\n");
        Result failed = run(tool("debconf-set-selections", "debconf", true), "-c", file.toString());
        assertNotEquals(0, failed.exit, failed.output);
    }

    // ---- kickstart ----

    @ParameterizedTest(name = "ksvalidator: kickstart for {0}")
    @ValueSource(strings = {"edge-01", "edge-02", "gpu-01"})
    void ksvalidatorAcceptsTheKickstart(String host) throws IOException {
        String ksvalidator = tool("ksvalidator", null, false);
        Path file = write("kickstart/ks.cfg", Fixtures.host(host, "kickstart"));
        Result r = run(ksvalidator, file.toString());
        assertEquals(0, r.exit, r.output);
        assertFalse(r.output.toLowerCase().contains("warning"), r.output);
    }

    /** Where ksvalidator is missing: shlex word splitting as pykickstart does it, closed sections, bash -n on scripts. */
    static final Path KICKSTART_CHECK = Path.of("src/test/kickstart-check.py").toAbsolutePath();

    @ParameterizedTest(name = "shlex + bash -n: kickstart for {0}")
    @ValueSource(strings = {"edge-01", "edge-02", "gpu-01"})
    void kickstartLinesSplitAndItsScriptsParse(String host) throws IOException {
        Path file = write("kickstart/ks.cfg", Fixtures.host(host, "kickstart"));
        Result r = run(tool("python3", "python3", true), KICKSTART_CHECK.toString(), file.toString());
        assertEquals(0, r.exit, r.output);
        assertEquals("ok\n", r.output);
    }

    @Test
    void theKickstartCheckRejectsWhatIsWrong() throws IOException {
        Path file = write("kickstart/ks.cfg", staticHost("kickstart"));
        String rendered = Files.readString(file);
        Files.writeString(file, rendered.replace("firstboot --disable", "firstboot --disable 'oops").replace("chmod 0440", "chmod \"0440"));
        Result r = run(tool("python3", "python3", true), KICKSTART_CHECK.toString(), file.toString());
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("No closing quotation: firstboot --disable 'oops"), r.output);
        assertTrue(r.output.contains("%post script is not valid shell"), r.output);
    }

    @Test
    void aMissingToolFailsUnderCiWhenCiInstallsIt() {
        String old = System.getProperty("CI");
        try {
            System.setProperty("CI", "true");
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tool("kiln-no-such-tool", "kiln-no-such-package", true));
            assertTrue(e.getMessage().contains("apt-get install kiln-no-such-package"), e.getMessage());
            assertThrows(TestAbortedException.class, () -> tool("kiln-no-such-tool", null, false));
        } finally {
            if (old == null) System.clearProperty("CI");
            else System.setProperty("CI", old);
        }
    }

    // ---- plumbing ----

    private Path write(String template, Map<String, Object> vars) throws IOException {
        Path file = tmp.resolve(template.replace('/', '_'));
        Files.writeString(file, renderer.render(template, vars).content());
        return file;
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("CI")) || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The tool's path. Missing: a failure under CI when .ci/run installs it ({@code debianPackage} named),
     * otherwise the test is skipped with what to install.
     */
    static String tool(String name, String debianPackage, boolean installedByCi) {
        List<String> dirs = new ArrayList<>(List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        String how = debianPackage != null ? "apt-get install " + debianPackage : "no Debian 12 package; install pykickstart (Fedora/RHEL: dnf install pykickstart)";
        if (installedByCi && ci()) fail(name + " is not installed but CI=true: .ci/run must install it (" + how + ")");
        Assumptions.abort(name + " is not installed, so the rendered file is not checked by it (" + how + ")");
        return null;
    }

    record Result(int exit, String output) {
    }

    static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
