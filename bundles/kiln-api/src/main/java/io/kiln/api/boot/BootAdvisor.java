package io.kiln.api.boot;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides what a booting machine gets; the DHCP server and {@code kiln:boot-explain} call the same instance,
 * so the explanation is the decision.
 */
@ProviderType
public interface BootAdvisor {

    /** Never throws for bad client data: unusable input becomes an IGNORE decision with the reason. */
    BootDecision decide(BootRequest request);
}
