package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.pki.CaCertificate;
import io.kiln.api.pki.CertificateRecord;
import io.kiln.api.pki.Pki;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** kiln:pki-show: the CA fingerprint nodes pin, the server certificate, and the hosts' client certificates. */
@Service
@Command(scope = "kiln", name = "pki-show", description = "Show Kiln's CA (the fingerprint nodes pin), the server certificate and the hosts' client certificates")
public class PkiShowCommand extends KilnAction {

    // optional: the other kiln:* commands must stay available even when this service is down
    @Reference(optional = true) Pki pki;

    @Option(name = "--all", description = "also host certificates that are revoked or expired")
    boolean all;

    @Override
    protected Object run() {
        if (pki == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the Kiln PKI is not running (see kiln:status and log:display)", null);
        print(pki.ca(), pki.certificates(), all, Instant.now(), System.out);
        try {
            io.kiln.api.pki.CaCertificate boot = pki.bootCa();
            System.out.println("Boot CA:      " + boot.subject() + " (RSA, for UEFI HTTPS boot), expires " + boot.notAfter());
            System.out.println("              firmware trust file " + pki.bootCacertsFile() + " (QEMU: -fw_cfg name=etc/edk2/https/cacerts,file=...)");
        } catch (UnsupportedOperationException e) {
            // a PKI without a boot CA
        }
        return null;
    }

    static void print(CaCertificate ca, List<CertificateRecord> certs, boolean all, Instant now, PrintStream out) {
        out.println("CA:           " + ca.subject());
        out.println("Fingerprint:  kiln.ca=" + ca.sha256());
        out.println("              SHA256 " + colons(ca.sha256()));
        out.println("Expires:      " + ca.notAfter());
        for (CertificateRecord c : certs) {
            if ("SERVER".equals(c.kind())) {
                out.println("Server:       " + String.join(", ", c.names()));
                out.println("Expires:      " + c.notAfter());
            } else if ("SIGNING".equals(c.kind())) {
                out.println("Code signing: " + c.subject() + ", expires " + c.notAfter());
            }
        }
        ShellTable t = new ShellTable();
        t.column("Host");
        t.column("Serial");
        t.column("Expires");
        t.column("State");
        int hidden = 0;
        for (CertificateRecord c : certs) {
            if (!"HOST".equals(c.kind())) continue;
            String state = c.revoked() != null ? "revoked " + c.revoked() + ": " + c.revokedReason() : now.isAfter(c.notAfter()) ? "expired" : "valid";
            if (!all && !"valid".equals(state)) {
                hidden++;
                continue;
            }
            t.addRow().addContent(c.host(), c.serial(), c.notAfter(), state);
        }
        out.println();
        t.print(out);
        if (hidden > 0) out.println(hidden + " revoked or expired host certificate(s) not shown (--all shows them)");
    }

    /** "ab12..." as "AB:12:...", the form browsers and openssl's -fingerprint print. */
    static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
