package io.kiln.pki.internal;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CaCertificate;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.ClientVerdict;
import io.kiln.api.pki.HostToken;
import io.kiln.api.pki.IssuedCertificate;
import io.kiln.api.pki.Pki;
import io.kiln.api.pki.TokenVerdict;
import io.kiln.api.status.Health;
import io.kiln.api.status.HealthReport;
import io.kiln.api.store.DocumentStore;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiln's CA and what it signs (see {@link Pki}). Keys live in {@code directory} (etc/io.kiln.pki.cfg) and never leave
 * this component: no method returns, logs or serves one. When the key material cannot be read the component stays up,
 * {@code kiln:status} shows {@code pki} down with the reason, and every call answers UNAVAILABLE with it.
 */
// immediate: the CA and the server certificate exist from the first start on, not from the first caller
@Component(service = {Pki.class, HealthReport.class}, immediate = true, configurationPid = PkiConfig.PID)
@Designate(ocd = PkiConfig.class)
public class PkiService implements Pki, HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(PkiService.class);
    /** Host names Kiln certifies: what fits a DNS label sequence and a URN (inventory names do). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})");

    private final HostRecords records;
    private final Clock clock;
    private final Supplier<List<String>> machineNames;

    /** Everything a call needs, swapped whole on a configuration change or a re-issue. */
    private record State(PkiSettings settings, KeyMaterial keys, BootMaterial boot, SSLContext tls, String problem) {
    }

    private volatile State state;
    /** etc/io.kiln.pki.cfg as last given, to re-read the machine's names against. */
    private volatile Map<String, Object> properties = Map.of();
    /** When the machine's names and addresses were last compared with the server certificate's (clock millis). */
    private volatile long namesCheckedAt;
    /** How often: an interface that comes up later (a bridge for booting machines) is in the certificate within this. */
    static final long NAMES_CHECK_MILLIS = 30_000;

    @Activate
    public PkiService(@Reference DocumentStore store, Map<String, Object> properties) {
        this(store, properties, Clock.systemUTC(), Names::machine);
    }

    /** For tests: a clock to move, and the machine's names. */
    PkiService(DocumentStore store, Map<String, Object> properties, Clock clock, Supplier<List<String>> machineNames) {
        this.records = new HostRecords(store);
        this.clock = clock;
        this.machineNames = machineNames;
        configure(properties);
    }

    /** A changed etc/io.kiln.pki.cfg: lifetimes apply to what is issued next; new names re-issue the server certificate. */
    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private synchronized void configure(Map<String, Object> properties) {
        this.properties = properties;
        namesCheckedAt = clock.millis();
        PkiSettings s = PkiSettings.read(properties, machineNames.get());
        for (String line : s.health().reason().isEmpty() ? List.<String>of() : List.of(s.health().reason())) LOG.warn("{}", line);
        try {
            PkiDirectory dir = new PkiDirectory(s.directory());
            KeyMaterial k = dir.open(s.names(), s.serverCertificateDays(), clock.instant());
            BootMaterial boot = dir.openBoot(k, s.names(), s.serverCertificateDays(), clock.instant());
            state = new State(s, k, boot, ServerTls.context(k, boot), null);
            LOG.info("Kiln PKI: CA {} (kiln.ca={}) until {}; server certificate for {} until {}", Certificates.subject(k.ca()),
                    Certificates.sha256(k.ca()), k.ca().getNotAfter().toInstant(), Certificates.names(k.server()),
                    k.server().getNotAfter().toInstant());
        } catch (Pem.FileProblem | IOException | RuntimeException e) {
            String why = e instanceof Pem.FileProblem ? e.getMessage() : "key directory " + s.directory() + ": " + e;
            state = new State(s, null, null, null, why);
            LOG.error("Kiln PKI is unavailable: {} (fix or move the file away; nothing was overwritten)", why);
        }
    }

    @Override
    public String subsystem() {
        return "pki";
    }

    @Override
    public Health health() {
        State s = state;
        if (s.problem() != null) return Health.down(s.problem());
        return s.settings().health();
    }

    /** The current state with usable keys; renews a server certificate that came due while Kiln ran. */
    private State ready() {
        State s = state;
        if (s.problem() != null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "Kiln's PKI is unavailable: " + s.problem());
        if (clock.millis() - namesCheckedAt >= NAMES_CHECK_MILLIS) s = refreshNames();
        if (PkiDirectory.serverDue(s.keys().server(), s.settings().names(), clock.instant()) != null) s = renewServer();
        return s;
    }

    /** The machine's names and addresses now: one that is new makes the server certificates due (re-issued next). */
    private synchronized State refreshNames() {
        namesCheckedAt = clock.millis();
        State s = state;
        PkiSettings fresh = PkiSettings.read(properties, machineNames.get());
        if (s.problem() != null || fresh.names().equals(s.settings().names())) return s;
        state = new State(fresh, s.keys(), s.boot(), s.tls(), null);
        return state;
    }

    private synchronized State renewServer() {
        State s = state;
        String why = s.keys() == null ? null : PkiDirectory.serverDue(s.keys().server(), s.settings().names(), clock.instant());
        if (why == null) return s;
        try {
            PkiDirectory dir = new PkiDirectory(s.settings().directory());
            KeyMaterial k = dir.issueServer(s.keys(), s.settings().names(), s.settings().serverCertificateDays(), clock.instant(), why);
            BootMaterial boot = dir.openBoot(k, s.settings().names(), s.settings().serverCertificateDays(), clock.instant());
            state = new State(s.settings(), k, boot, ServerTls.context(k, boot), null);
        } catch (IOException | Pem.FileProblem e) {
            // the old certificate goes on serving; said once per call until the disk is fixed
            LOG.warn("Kiln PKI: cannot renew the server certificate in {}: {}", s.settings().directory(), e.toString());
        }
        return state;
    }

    @Override
    public CaCertificate ca() {
        X509Certificate ca = ready().keys().ca();
        return new CaCertificate(Pem.certificate(ca), Certificates.sha256(ca), Certificates.subject(ca), ca.getNotAfter().toInstant());
    }

    @Override
    public CaCertificate bootCa() {
        X509Certificate ca = ready().boot().ca();
        return new CaCertificate(Pem.certificate(ca), Certificates.sha256(ca), Certificates.subject(ca), ca.getNotAfter().toInstant());
    }

    @Override
    public java.nio.file.Path bootCacertsFile() {
        return ready().boot().cacertsFile();
    }

    @Override
    public SSLContext serverTlsContext() {
        return ready().tls();
    }

    @Override
    public List<CertificateRecord> certificates() {
        KeyMaterial k = ready().keys();
        List<CertificateRecord> out = new ArrayList<>();
        out.add(record("CA", k.ca()));
        out.add(record("SERVER", k.server()));
        out.add(record("SIGNING", k.signing()));
        for (HostRecords.Stored s : records.all()) out.add(s.record());
        return out;
    }

    private static CertificateRecord record(String kind, X509Certificate c) {
        return new CertificateRecord(kind, Certificates.subject(c), null, Certificates.serialHex(c), Certificates.sha256(c),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), Certificates.names(c), null, null);
    }

    @Override
    public String requestKeySha256(String csrPem) {
        PublicKey key = HostRequests.check(csrPem);
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public IssuedCertificate signHostRequest(String host, String csrPem) {
        checkHost(host);
        State s = ready();
        PublicKey key = HostRequests.check(csrPem);
        Instant now = clock.instant();
        X509Certificate c = Certificates.issue(s.keys().ca(), s.keys().caKey(), host, key, now.minus(PkiDirectory.SKEW),
                now.plus(Duration.ofDays(s.settings().hostCertificateDays())),
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, Certificates.HOST_URI + host)),
                KeyPurposeId.id_kp_clientAuth);
        String pem = Pem.certificate(c);
        records.add(new HostRecords.Stored("HOST", Certificates.subject(c), host, Certificates.serialHex(c), Certificates.sha256(c),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), Certificates.names(c), null, null, pem));
        LOG.info("Kiln PKI: issued a client certificate to host '{}' (serial {}) until {}", host, Certificates.serialHex(c), c.getNotAfter().toInstant());
        return new IssuedCertificate(host, pem, Pem.certificate(s.keys().ca()), Certificates.serialHex(c), Certificates.sha256(c),
                c.getNotAfter().toInstant());
    }

    @Override
    public int revokeHost(String host, String reason) {
        checkHost(host);
        ready();
        String why = reason == null || reason.isBlank() ? "revoked by an operator" : reason.trim();
        int n = records.revoke(host, why, clock.instant());
        LOG.info("Kiln PKI: revoked {} certificate(s) of host '{}': {}", n, host, why);
        return n;
    }

    @Override
    public ClientVerdict verifyClient(X509Certificate certificate) {
        if (certificate == null) return ClientVerdict.refused(null, "no client certificate");
        String sha256;
        try {
            sha256 = Certificates.sha256(certificate);
        } catch (RuntimeException e) {
            return ClientVerdict.refused(null, "the certificate cannot be encoded: " + e.getMessage());
        }
        X509Certificate ca = ready().keys().ca();
        if (!Certificates.issuedBy(certificate, ca)) {
            return ClientVerdict.refused(sha256, "certificate was not issued by this Kiln's CA (issuer "
                    + certificate.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253) + ")");
        }
        Instant now = clock.instant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) return ClientVerdict.refused(sha256, "certificate is not valid before " + notBefore);
        if (now.isAfter(notAfter)) return ClientVerdict.refused(sha256, "certificate expired at " + notAfter);
        String host = Certificates.host(certificate);
        if (host == null) return ClientVerdict.refused(sha256, "certificate names no host (no " + Certificates.HOST_URI + " URI)");
        String serial = Certificates.serialHex(certificate);
        HostRecords.Stored r;
        try {
            r = records.get(serial).orElse(null);
        } catch (KilnException e) {
            return ClientVerdict.refused(sha256, "its record cannot be read: " + e.getMessage());
        }
        if (r == null || !sha256.equals(r.sha256())) {
            return ClientVerdict.refused(sha256, "certificate serial " + serial + " is unknown to Kiln (no record of issuing it)");
        }
        if (r.revoked() != null) return ClientVerdict.refused(sha256, "certificate was revoked at " + r.revoked() + ": " + r.revokedReason());
        return new ClientVerdict(true, host, sha256, null);
    }

    @Override
    public HostToken issueToken(String host, String certificateSha256) {
        checkHost(host);
        State s = ready();
        return Tokens.issue(s.keys().token(), host, certificateSha256, clock.instant(), Duration.ofHours(s.settings().tokenHours()));
    }

    @Override
    public TokenVerdict verifyToken(String token) {
        ECPublicKey key = (ECPublicKey) ready().keys().token().getPublic();
        Instant now = clock.instant();
        if (token == null) return Tokens.verify(key, null, now);
        // an agent sends the same token with every request: its signature is checked once (an ECDSA verification was
        // a quarter of Kiln's CPU while a fleet provisioned, bench/fleet); expiry is checked on every use
        VerifiedToken v = verifiedTokens.get(token);
        if (v != null && v.key() == key) {
            return now.isAfter(v.verdict().expires().plus(Tokens.SKEW)) ? TokenVerdict.refused("token expired at " + v.verdict().expires()) : v.verdict();
        }
        TokenVerdict verdict = Tokens.verify(key, token, now);
        if (verdict.ok()) {
            if (verifiedTokens.size() >= VERIFIED_TOKENS) verifiedTokens.clear();
            verifiedTokens.put(token, new VerifiedToken(key, verdict));
        }
        return verdict;
    }

    /** A token whose signature and claims checked out, with the key that checked it (a new token key drops it). */
    private record VerifiedToken(ECPublicKey key, TokenVerdict verdict) {
    }

    /** Tokens verified lately: about one per agent; emptied when full (they are verified again, no more). */
    private static final int VERIFIED_TOKENS = 50_000;
    private final java.util.Map<String, VerifiedToken> verifiedTokens = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public byte[] signDetached(byte[] content) {
        if (content == null) throw KilnException.invalid("nothing to sign");
        return sign(new CMSProcessableByteArray(content));
    }

    @Override
    public byte[] signDetached(java.nio.file.Path file) {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) throw KilnException.invalid("nothing to sign: " + file + " is not a file");
        // streamed: the generator reads the file once for its digest, so an image of any size is signed in constant memory
        return sign(new org.bouncycastle.cms.CMSTypedData() {
            @Override
            public org.bouncycastle.asn1.ASN1ObjectIdentifier getContentType() {
                return org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data;
            }

            @Override
            public void write(java.io.OutputStream out) throws java.io.IOException {
                java.nio.file.Files.copy(file, out);
            }

            @Override
            public Object getContent() {
                return file;
            }
        });
    }

    private byte[] sign(org.bouncycastle.cms.CMSTypedData content) {
        KeyMaterial k = ready().keys();
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(Certificates.SIGNATURE).build(k.signingKey()), k.signing()));
            gen.addCertificates(new JcaCertStore(List.of(k.signing(), k.ca())));
            return gen.generate(content, false).getEncoded("DER");
        } catch (Exception e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot sign: " + e.getMessage(), e);
        }
    }

    private static void checkHost(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw KilnException.invalid("host name '" + host + "' is not allowed (letters, digits, '.', '_', '-'; starting with a letter or digit)");
        }
    }
}
