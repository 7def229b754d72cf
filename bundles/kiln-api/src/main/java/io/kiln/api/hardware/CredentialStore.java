package io.kiln.api.hardware;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * BMC logins, kept by Kiln encrypted at rest and named by hosts ({@code bmc.credentialRef}). Write-only from outside:
 * nothing here returns a password; Kiln resolves it for each call into a plugin.
 */
@ProviderType
public interface CredentialStore {

    /**
     * Stores (or replaces) a login.
     *
     * @param name     what hosts call it, e.g. {@code rack1-bmc}
     * @param username the BMC user
     * @param password the secret; the caller should clear the array afterwards
     * @throws io.kiln.api.KilnException INVALID (bad name, empty user or password), UNAVAILABLE (cannot write)
     */
    void set(String name, String username, char[] password);

    /** @return whether there was such a credential */
    boolean remove(String name);

    /** The stored credentials, by name, without their secrets. */
    List<StoredCredential> list();
}
