package io.kiln.spi.vendor;

/**
 * What one call acts on: the endpoint and, if the host has a credential reference, its login.
 *
 * @param endpoint    the BMC
 * @param credentials its login, or null when the host names none
 */
public record BmcTarget(BmcEndpoint endpoint, Credentials credentials) {
    public BmcTarget {
        if (endpoint == null) throw new IllegalArgumentException("endpoint is required");
    }
}
