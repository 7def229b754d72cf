package io.kiln.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * firstboot mode, on the installed system: tell Kiln it booted from the written disk, proving it with a marker only
 * that disk has, over mutual TLS with the credentials the {@code files} action left there.
 */
final class FirstBoot {
    private final Path configDir;
    private final Path markerFile;
    private final Path root;
    private final long retryMillis;
    private final long giveUpAfterMillis;
    private final Sleeper sleeper;
    private final Clock clock;

    FirstBoot(Path configDir, Path markerFile, Path root, long retryMillis, long giveUpAfterMillis, Sleeper sleeper) {
        this(configDir, markerFile, root, retryMillis, giveUpAfterMillis, sleeper, Clock.systemUTC());
    }

    FirstBoot(Path configDir, Path markerFile, Path root, long retryMillis, long giveUpAfterMillis, Sleeper sleeper, Clock clock) {
        this.clock = clock;
        this.configDir = configDir;
        this.markerFile = markerFile;
        this.root = root;
        this.retryMillis = retryMillis;
        this.giveUpAfterMillis = giveUpAfterMillis;
        this.sleeper = sleeper;
    }

    void report() throws InterruptedException {
        Credentials c;
        String marker;
        try {
            c = Credentials.readFrom(configDir);
        } catch (IOException | GeneralSecurityException e) {
            throw new AgentFailure(ExitCode.USAGE, "cannot read this host's Kiln credentials in " + configDir
                    + " (kiln.env, ca.pem, host.pem, host.key, token): " + e.getMessage(), e);
        }
        try {
            marker = Files.readString(markerFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.USAGE, "cannot read the marker file " + markerFile + ": " + e.getMessage(), e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("marker", marker);
        body.put("facts", new HardwareDiscovery(root).discover().facts());
        KilnHttp http = new KilnHttp(c.sslContext(), c.token());
        // a token (or certificate) that expired or is about to, while the installed system waited for its first boot,
        // is renewed before each attempt and written back to the config directory for later boots
        Lease lease = Lease.fromFiles(c);
        if (lease.tokenExpires() == null) {
            AgentLog.info("the token in " + configDir + " has no readable expiry; it is used as it is");
        } else if (!lease.tokenExpires().isAfter(clock.instant())) {
            AgentLog.info("the token in " + configDir + " expired at " + lease.tokenExpires());
        }
        CertificateRenewal.attach(http, lease, clock, renewed -> renewed.writeRenewedTo(configDir), "in " + configDir);
        String url = c.agentUrl().replaceAll("/+$", "") + "/firstboot";
        long attempts = Math.max(1, giveUpAfterMillis / Math.max(1, retryMillis) + 1);
        String last = "no attempt made";
        for (long i = 1; i <= attempts; i++) {
            try {
                KilnReply r = http.post(url, body);
                if (r.status() == 204 || r.status() == 200) {
                    AgentLog.info("reported the first boot to Kiln at " + url);
                    return;
                }
                last = "HTTP " + r.status() + ": " + r.problem();
            } catch (IOException e) {
                last = KilnHttp.describe(e);
            }
            AgentLog.info("first boot report to " + url + " not accepted (" + last + ")" + (i < attempts ? "; trying again in " + retryMillis / 1000 + " s" : ""));
            if (i < attempts) sleeper.sleep(retryMillis);
        }
        throw new AgentFailure(ExitCode.GAVE_UP, "Kiln did not accept the first boot report within " + giveUpAfterMillis / 1000 + " s; last answer: " + last);
    }
}
