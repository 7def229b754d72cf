package io.kiln.api.onboarding;

/**
 * What a host's next network boot gets from onboarding's point of view.
 *
 * @param localBoot why the host should boot from its disk instead (its OS is installed), or null to boot the agent
 * @param httpsUrl  Kiln's HTTPS base URL as the machine can reach it (kiln.https=), or null when HTTPS is down
 * @param caSha256  the CA fingerprint the agent pins (kiln.ca=), or null when the PKI is down
 * @param token     a one-time enrollment token for this host (kiln.token=), or null (unknown machine, or none could be issued)
 * @param problem   why the agent will not be able to onboard (HTTPS or PKI down), or null
 */
public record BootStage(String localBoot, String httpsUrl, String caSha256, String token, String problem) {
}
