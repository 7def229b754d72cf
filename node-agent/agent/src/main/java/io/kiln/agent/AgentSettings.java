package io.kiln.agent;

import java.nio.file.Path;
import java.time.Clock;

/** How the agent is set up: the command line's answers, and intervals tests shorten. */
final class AgentSettings {
    /** Kiln's HTTPS base URL (kiln.https or --https). */
    String https;
    /** SHA-256 of Kiln's CA certificate (kiln.ca or --ca). */
    String caSha256;
    /** enrollment token (kiln.token or --token), null for unknown machines. */
    String enrollmentToken;
    Path root = Path.of("/");
    Path devRoot = Path.of("/dev");
    Path stateDir = Path.of("/run/kiln");
    long heartbeatMillis = 30_000;
    long progressMillis = 5_000;
    long downloadBackoffMillis = 1_000;
    /** wait before asking next again after a network failure. */
    long retryMillis = 5_000;
    /** what the renewal of certificate and token compares their expiry with. */
    Clock clock = Clock.systemUTC();
}
