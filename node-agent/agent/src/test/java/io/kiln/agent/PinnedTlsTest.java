package io.kiln.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedTlsTest {
    @TempDir
    static Path dir;
    static FakeKiln kiln;
    static TestPki otherCa;

    @BeforeAll
    static void start() throws Exception {
        kiln = new FakeKiln(TestPki.create(dir.resolve("kiln")));
        otherCa = TestPki.create(dir.resolve("other"));
    }

    @AfterAll
    static void stop() {
        if (kiln != null) kiln.close();
    }

    @Test
    void theRightPinIsAcceptedWithoutHostNameCheck() throws Exception {
        KilnReply r = new KilnHttp(TlsContexts.pinned(kiln.pki.caSha256), null).get(kiln.url() + "/ping");
        assertEquals(200, r.status());
    }

    @Test
    void aWrongPinIsRefusedSayingWhy() {
        AgentFailure e = assertThrows(AgentFailure.class,
                () -> new KilnHttp(TlsContexts.pinned(otherCa.caSha256), null).get(kiln.url() + "/ping"));
        assertEquals(ExitCode.PIN_REFUSED, e.exitCode());
        assertTrue(e.getMessage().contains("does not contain Kiln's CA with fingerprint " + otherCa.caSha256), e.getMessage());
        assertTrue(e.getMessage().contains(kiln.pki.caSha256), "names what was presented: " + e.getMessage());
    }

    @Test
    void theLeafMustBeSignedByThePinnedCa() throws Exception {
        var kilnChain = java.util.List.of(TestPki.first(java.nio.file.Files.readString(kiln.pki.dir.resolve("server.pem"))), TestPki.first(kiln.pki.caPem));
        var forged = new java.security.cert.X509Certificate[] {kilnChain.get(0), TestPki.first(otherCa.caPem)};
        var e = assertThrows(PinnedTrustManager.PinRefused.class,
                () -> new PinnedTrustManager(otherCa.caSha256).checkServerTrusted(forged, "ECDHE_ECDSA"));
        assertTrue(e.getMessage().contains("is not signed by the next certificate"), e.getMessage());
        new PinnedTrustManager(kiln.pki.caSha256).checkServerTrusted(kilnChain.toArray(new java.security.cert.X509Certificate[0]), "ECDHE_ECDSA");
    }
}
