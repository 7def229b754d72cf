package io.kiln.api.hardware;

/**
 * A plugin jar accepted for deployment ({@link PluginInstaller#install}): Karaf installs it within seconds, then
 * {@link HardwareService#plugins()} lists it.
 *
 * @param bundle  its Bundle-SymbolicName
 * @param version its Bundle-Version
 * @param file    where it was written (Karaf's deploy directory)
 * @param replaced true when a jar of the same bundle was there (Karaf updates the bundle)
 */
public record PluginUpload(String bundle, String version, String file, boolean replaced) {
}
