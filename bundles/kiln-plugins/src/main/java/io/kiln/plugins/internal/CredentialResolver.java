package io.kiln.plugins.internal;

import io.kiln.spi.vendor.Credentials;
import java.util.Optional;

/** Turns a host's credential reference into the login handed to a plugin for one call (inside this bundle only). */
interface CredentialResolver {

    /** The login stored under {@code name}, or empty when there is none. */
    Optional<Credentials> resolve(String name);
}
