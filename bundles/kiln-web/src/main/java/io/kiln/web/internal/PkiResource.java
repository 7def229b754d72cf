package io.kiln.web.internal;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CaCertificate;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.Pki;
import io.kiln.api.rest.ApiRequest;
import io.kiln.api.rest.ApiResource;
import io.kiln.api.rest.ApiResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/v1/pki[?all=true]}: what {@code kiln:pki-show} prints, as JSON: the CA (subject, fingerprint as
 * {@code kiln.ca=} hex and in colons, expiry, PEM), the server and code-signing certificates, and the hosts' client
 * certificates (valid ones; {@code all} adds revoked and expired ones). 503 while the PKI is not running.
 */
@Component(service = ApiResource.class, property = ApiResource.PATH + "=pki")
public final class PkiResource implements ApiResource {
    private final Pki pki;
    private final Clock clock;

    /** @param pki Kiln's PKI, or null while it is not running */
    @Activate
    public PkiResource(@Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) Pki pki) {
        this(pki, Clock.systemUTC());
    }

    PkiResource(Pki pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        return ReadOnlyRoutes.handle(r, Map.of("pki", this::show), pki, "Kiln's PKI",
                "its component is not running; see kiln:status, etc/io.kiln.pki.cfg and the Kiln log");
    }

    private Object show(ApiRequest q) {
        for (String p : q.params().keySet()) {
            if (!p.equals("all")) throw KilnException.invalid("unknown parameter '" + p + "' on /api/v1/pki (all)");
        }
        boolean all = q.boolParam("all");
        CaCertificate ca = pki.ca();
        Map<String, Object> caView = new LinkedHashMap<>();
        caView.put("subject", ca.subject());
        caView.put("sha256", ca.sha256());
        caView.put("fingerprint", colons(ca.sha256()));
        caView.put("notAfter", ca.notAfter());
        caView.put("pem", ca.pem());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ca", caView);
        try {
            CaCertificate boot = pki.bootCa();
            Map<String, Object> bootView = new LinkedHashMap<>();
            bootView.put("subject", boot.subject());
            bootView.put("sha256", boot.sha256());
            bootView.put("notAfter", boot.notAfter());
            bootView.put("cacertsFile", pki.bootCacertsFile().toString());
            bootView.put("pem", boot.pem());
            out.put("bootCa", bootView);
        } catch (UnsupportedOperationException e) {
            // a PKI without a boot CA (tests' fakes): nothing to show
        }
        List<CertificateRecord> hosts = new ArrayList<>();
        for (CertificateRecord c : pki.certificates()) {
            switch (c.kind()) {
                case "SERVER" -> out.put("server", c);
                case "SIGNING" -> out.put("signing", c);
                case "HOST" -> {
                    if (all || (c.revoked() == null && clock.instant().isBefore(c.notAfter()))) hosts.add(c);
                }
                default -> {
                    // the CA: above, with its PEM
                }
            }
        }
        out.put("hosts", hosts);
        return out;
    }

    static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
