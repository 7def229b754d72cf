package io.kiln.api.onboarding;

import org.osgi.annotation.versioning.ProviderType;

/** What a host's boot script hands the node agent; asked by the iPXE script renderer each time it renders one. */
@ProviderType
public interface Enrollment {
    /**
     * @param host    the host the script is for, or null for an unknown machine (discovery)
     * @param baseUrl Kiln's plain HTTP URL as the machine reached it (scheme://host:port): the HTTPS URL it is given
     *                uses the same host part, and the host's provisioning files are rendered with it as ${kiln.url}
     * @return what the script tells the agent; a fresh one-time enrollment token for a known host each call
     */
    BootStage bootStage(String host, String baseUrl);

    /**
     * Why the host's next network boot should go to its disk instead (its OS is installed, or written and being
     * rebooted into), or null. No side effects, cheap (the DHCP explanation asks it).
     */
    String localBoot(String host);

    /**
     * Why the host's every network boot goes to its disk because an operator detached it from Kiln (whatever its
     * profile), or null. Asked before anything else about a known host.
     */
    default String detached(String host) {
        return null;
    }
}
