package io.kiln.redfish.testservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** HTTPS with the generated certificate (pinned by clients), and PowerState that takes time to follow a Reset. */
class TlsAndPowerTransitionTest {

    @Test
    void tlsServesWithACertificateClientsCanPin() throws Exception {
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir()).tls(true).build().start()) {
            assertEquals("https", bmc.baseUri().getScheme());
            String pem = bmc.certificatePem();
            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n") && pem.endsWith("-----END CERTIFICATE-----\n"));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())),
                    bmc.certificateSha256());
            assertTrue(bmc.certificateSha256().matches("[0-9a-f]{64}"));
            assertTrue(cert.getSubjectAlternativeNames().toString().contains("127.0.0.1"));

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("bmc", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            Client pinned = new Client(bmc.baseUri(), HttpClient.newBuilder().sslContext(ssl).build());
            assertEquals(200, pinned.get("/redfish/v1/").status());
            assertEquals("On", pinned.basic("admin", "secret").get(bmc.systemPath()).json().path("PowerState").asText());

            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> new Client(bmc.baseUri()).get("/redfish/v1/"));
            assertTrue(e.getCause() instanceof SSLHandshakeException, "the JDK's CAs do not trust it: " + e.getCause());
        }
    }

    @Test
    void withoutTlsThereIsNoCertificate() {
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir()).build().start()) {
            assertNull(bmc.certificatePem());
            assertNull(bmc.certificateSha256());
        }
    }

    @Test
    void powerStateFollowsAResetAfterTheTransition() throws Exception {
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir())
                .powerTransition(Duration.ofMillis(300)).build().start()) {
            Client c = new Client(bmc.baseUri()).basic("admin", "secret");
            assertEquals(204, c.post(bmc.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"ForceOff\"}")
                    .status());
            String state = bmc.powerState();
            for (int i = 0; i < 300 && !state.equals("Off"); i++) {
                assertEquals("PoweringOff", state, "in between, the Redfish transition state");
                Thread.sleep(50);
                state = bmc.powerState();
            }
            assertEquals("Off", bmc.powerState());
            assertEquals("Off", c.get(bmc.systemPath()).json().path("PowerState").asText());
        }
    }

    @Test
    void duringALongTransitionTheStateIsInBetweenAndTheLastResetWins() throws Exception {
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir())
                .powerTransition(Duration.ofMinutes(10)).build().start()) {
            Client c = new Client(bmc.baseUri()).basic("admin", "secret");
            String reset = bmc.systemPath() + "/Actions/ComputerSystem.Reset";
            assertEquals(204, c.post(reset, "{\"ResetType\":\"GracefulShutdown\"}").status());
            assertEquals("PoweringOff", bmc.powerState());
            assertEquals("PoweringOff", c.get(bmc.systemPath()).json().path("PowerState").asText());
            assertEquals(204, c.post(reset, "{\"ResetType\":\"On\"}").status());
            assertEquals("PoweringOn", bmc.powerState());
        }
    }
    @Test
    void anotherAddressCanBeBoundAndTheCertificateNamesIt() throws Exception {
        java.net.InetAddress other = java.net.InetAddress.getByName("127.0.0.2"); // loopback too, on Linux
        try (RedfishTestService bmc = RedfishTestService.builder().mockup(Mockup.dir()).bindAddress(other).tls(true)
                .build().start()) {
            assertEquals("127.0.0.2", bmc.baseUri().getHost());
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(bmc.certificatePem().getBytes(StandardCharsets.US_ASCII)));
            assertTrue(cert.getSubjectAlternativeNames().toString().contains("127.0.0.2"),
                    cert.getSubjectAlternativeNames().toString());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("bmc", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            Client pinned = new Client(bmc.baseUri(), HttpClient.newBuilder().sslContext(ssl).build());
            assertEquals(200, pinned.get("/redfish/v1/").status(), "host name checked against the SAN");
        }
    }
}
