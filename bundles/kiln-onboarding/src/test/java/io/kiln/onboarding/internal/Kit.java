package io.kiln.onboarding.internal;

import io.kiln.api.boot.FileCheck;
import io.kiln.api.boot.FileWarnings;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.inventory.BootProfile;
import io.kiln.api.inventory.EntityKind;
import io.kiln.api.inventory.Host;
import io.kiln.api.inventory.ImageRef;
import io.kiln.api.inventory.InstallMethod;
import io.kiln.api.onboarding.AgentAction;
import io.kiln.api.onboarding.OnboardOutcome;
import io.kiln.api.onboarding.OnboardRequest;
import io.kiln.api.pki.Pki;
import io.kiln.api.template.RenderedFile;
import io.kiln.api.workflow.WorkflowAgent;
import io.kiln.inventory.internal.InventoryServiceImpl;
import io.kiln.store.internal.JdbcDocumentStore;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Onboarding on real parts: the inventory on the real store (embedded H2), the real PKI (kiln-pki) in a test
 * directory, a clock the test moves, and provisioning files that say which file they are.
 */
final class Kit implements AutoCloseable {
    static final String MAC = "52:54:00:0b:00:01", UUID = "8d3c9a4e-1f2b-4c5d-9e6f-0a1b2c3d4e5f", SERIAL = "SER-0001";
    static final String MAC2 = "52:54:00:0b:00:02";
    static final String SHA = "a".repeat(64);

    final MutableClock clock = new MutableClock();
    final JdbcDocumentStore store;
    final InventoryServiceImpl inventory;
    final Pki pki;
    final WorkflowAgent workflow;
    final OnboardingServiceImpl onboarding;
    final String httpsProblem = null;

    Kit(Path dir) throws Exception {
        System.setProperty("karaf.data", dir.toString());
        store = JdbcDocumentStore.open("", "", "");
        inventory = new InventoryServiceImpl(store, Map.of("legacyFile", dir.resolve("none.json").toString(), "refreshSeconds", "0"));
        pki = newPki(store, dir.resolve("pki"), clock);
        workflow = newWorkflow(inventory, store, clock);
        onboarding = new OnboardingServiceImpl(inventory, store, pki, new OnboardingServiceImpl.HttpsPort() {
            public int port() {
                return 8443;
            }

            public String problem() {
                return null;
            }
        }, clock, Map.of(), workflow);
        inventory.addProfile(new BootProfile("os", "vmlinuz", List.of("initrd.img"), "console=ttyS0", "", new ImageRef("os.img.gz", SHA),
                InstallMethod.IMAGE, null));
        inventory.addHost(Host.builder("vm-1").macs(List.of(MAC)).uuid(UUID).serial(SERIAL).profile("os").vars(Map.of("root.name", "vda")).build());
        inventory.addHost(Host.builder("vm-2").macs(List.of(MAC2)).profile("os").build());
        var start = workflow.getClass().getDeclaredMethod("startEngine"); // after the hosts: its first look starts their ZTP runs
        start.setAccessible(true);
        start.invoke(workflow);
    }

    /** The real PKI with this test's clock (the constructor DS does not use). */
    static Pki newPki(JdbcDocumentStore store, Path dir, Clock clock) throws Exception {
        Class<?> c = Class.forName("io.kiln.pki.internal.PkiService");
        var ctor = c.getDeclaredConstructor(io.kiln.api.store.DocumentStore.class, Map.class, Clock.class, Supplier.class);
        ctor.setAccessible(true);
        Supplier<List<String>> names = () -> List.of("localhost", "127.0.0.1");
        return (Pki) ctor.newInstance(store, Map.of("directory", dir.toString()), clock, names);
    }

    /** The real workflow engine (kiln-workflow) with this test's clock, not started yet. */
    static WorkflowAgent newWorkflow(InventoryServiceImpl inventory, JdbcDocumentStore store, Clock clock) throws Exception {
        Class<?> settings = Class.forName("io.kiln.workflow.internal.WorkflowSettings");
        var read = settings.getDeclaredMethod("read", Map.class);
        read.setAccessible(true);
        // a lease far longer than the test, so moving the clock never makes the engine wait for its renewal
        Object s = read.invoke(null, Map.of("recheckSeconds", "1", "leaseSeconds", "3600"));
        Class<?> c = Class.forName("io.kiln.workflow.internal.WorkflowService");
        var ctor = c.getDeclaredConstructor(io.kiln.api.inventory.Inventory.class, io.kiln.api.store.DocumentStore.class,
                io.kiln.api.hardware.HardwareService.class, ProvisioningFiles.class, io.kiln.api.events.HostEvents.class, Clock.class, settings, String.class);
        ctor.setAccessible(true);
        return (WorkflowAgent) ctor.newInstance(inventory, store, null, files(), null, clock, s, "test");
    }

    /** vm-1's boot script was served (the Kiln URL its seed names); its ZTP run exists by then. */
    void bootStage() throws InterruptedException {
        await("vm-1's run", () -> {
            onboarding.bootStage("vm-1", "http://10.0.0.1:8080");
            return onboarding.next("vm-1").parameters().getOrDefault("reason", "").toString().contains("step");
        });
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within 15 s: " + what);
            Thread.sleep(20);
        }
    }

    /** The agent asks until it is handed something other than wait. */
    AgentAction nextAction(String host) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (true) {
            AgentAction a = onboarding.next(host);
            if (!a.type().equals("wait")) return a;
            if (System.nanoTime() > end) throw new AssertionError("no action for " + host + " within 15 s: " + a);
            Thread.sleep(20);
        }
    }

    static ProvisioningFiles files() {
        return new ProvisioningFiles() {
            public List<FileCheck> check(String host) {
                throw new UnsupportedOperationException();
            }

            public FileWarnings afterWrite(EntityKind kind, String name, int maxHosts) {
                throw new UnsupportedOperationException();
            }

            public RenderedFile render(String path, String kilnUrl) {
                return new RenderedFile("cloud-init/x", "text/plain", "rendered " + path + " with " + kilnUrl + "\n");
            }
        };
    }

    /** The token a host's boot script carries now. */
    String token(String host) {
        return onboarding.bootStage(host, "http://10.0.0.1:8080").token();
    }

    OnboardOutcome onboard(String token, KeyPair key, String uuid, String serial, Map<String, String> facts, String... macs) throws Exception {
        return onboarding.onboard(new OnboardRequest(uuid, serial, List.of(macs), token, csr(key), facts, "10.0.0.50"));
    }

    /** vm-1 as it really is, with the token of its boot script. */
    OnboardOutcome onboardVm1(KeyPair key) throws Exception {
        return onboard(token("vm-1"), key, UUID, SERIAL, Map.of("dmi.vendor", "QEMU", "cpu.count", "2"), MAC);
    }

    static KeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String csr(KeyPair key) throws Exception {
        var req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=kiln-agent"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(req);
        }
        return w.toString();
    }

    static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes()));
    }

    /** A certificate for the key from a CA that is not Kiln's (self-signed, naming vm-1 all the same). */
    static X509Certificate foreign(KeyPair key) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=vm-1"), BigInteger.TEN, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), new X500Name("CN=vm-1"), key.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, "urn:kiln:host:vm-1")));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    @Override
    public void close() {
        try {
            var m = workflow.getClass().getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(workflow);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        store.close();
    }
}
