package io.kiln.api.boot;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The per-host files (cloud-init, autoinstall, kickstart, preseed) a host's installer asks Kiln for, checked before
 * the machine is powered on: {@code kiln:boot-explain} and {@code GET /api/v1/boot/explain} show what would fail.
 */
@ProviderType
public interface ProvisioningFiles {

    /**
     * Renders every file the profile the host boots now installs with, exactly as it is served, and says which
     * would fail and why.
     *
     * @return one check per file; empty when the host boots no profile
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name
     */
    List<FileCheck> check(String host);

    /**
     * The hosts a write of an inventory entity affects (the host itself, an instance's host, a site's or role's
     * hosts, the hosts booting a profile, a cluster's members) whose files would now fail: the warning an operator
     * gets when the write is made, not when a machine asks.
     *
     * @param maxHosts at most this many affected hosts are rendered
     */
    FileWarnings afterWrite(io.kiln.api.inventory.EntityKind kind, String name, int maxHosts);
}
