package io.kiln.api.hardware;

import org.osgi.annotation.versioning.ProviderType;

/** Deploys a hardware plugin from its jar ({@code POST /api/v1/plugins}, {@code kiln:plugin-install}). */
@ProviderType
public interface PluginInstaller {
    /** The largest jar accepted, in bytes. */
    int MAX_JAR_BYTES = 32 << 20;

    /**
     * Checks that the jar is an OSGi bundle (Bundle-SymbolicName, Bundle-Version) that imports the vendor SPI package,
     * then writes it into Karaf's deploy directory in one step (a temporary file moved in place), so Karaf never sees
     * half a jar. Returns before Karaf has installed it.
     *
     * @throws io.kiln.api.KilnException INVALID naming what is wrong (not a jar, not a bundle, not a plugin: no import
     *                                   of the SPI), UNAVAILABLE when it cannot be written
     */
    PluginUpload install(byte[] jar);
}
