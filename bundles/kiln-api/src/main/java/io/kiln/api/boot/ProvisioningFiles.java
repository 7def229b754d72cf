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
     * The files' {@code ${kiln.url}} in a preview whose caller names none: a placeholder, since a machine gets the URL it
     * reached Kiln by.
     */
    String PREVIEW_KILN_URL = "http://KILN:8080";

    /**
     * Renders every file the profile the host boots now installs with, exactly as it is served, and says which
     * would fail and why.
     *
     * @return one check per file; empty when the host boots no profile
     * @throws io.kiln.api.KilnException NOT_FOUND when no host has that name
     */
    List<FileCheck> check(String host);

    /**
     * Renders one of a host's files exactly as it is served at {@code path}, e.g. {@code /cloud-init/edge-1/user-data}
     * (what the node agent writes into an installed system as its NoCloud seed).
     *
     * @param kilnUrl Kiln's plain HTTP URL, the files' {@code ${kiln.url}}; null or blank for {@link #PREVIEW_KILN_URL}
     * @throws io.kiln.api.KilnException NOT_FOUND for a path Kiln serves no file at, or no such host; INVALID when the
     *                                   file cannot be rendered (the template's error)
     */
    io.kiln.api.template.RenderedFile render(String path, String kilnUrl);

    /**
     * The hosts a write of an inventory entity affects (the host itself, an instance's host, a site's or role's
     * hosts, the hosts booting a profile, a cluster's members) whose files would now fail: the warning an operator
     * gets when the write is made, not when a machine asks.
     *
     * @param maxHosts at most this many affected hosts are rendered
     */
    FileWarnings afterWrite(io.kiln.api.inventory.EntityKind kind, String name, int maxHosts);
}
