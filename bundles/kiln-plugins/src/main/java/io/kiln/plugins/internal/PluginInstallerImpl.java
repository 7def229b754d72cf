package io.kiln.plugins.internal;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.PluginInstaller;
import io.kiln.api.hardware.PluginUpload;
import io.kiln.spi.vendor.BootInterface;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PluginInstaller}: a jar is a plugin when its manifest names a bundle and imports the vendor SPI package;
 * it goes into Karaf's deploy directory ({@code ${karaf.base}/deploy}) as {@code <Bundle-SymbolicName>.jar}, so a
 * newer version replaces the older one (Karaf updates the bundle), written next to it first and moved in place.
 */
@Component(service = PluginInstaller.class)
public final class PluginInstallerImpl implements PluginInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(PluginInstallerImpl.class);
    /** The vendor SPI's package: what every plugin imports. */
    static final String SPI_PACKAGE = BootInterface.class.getPackageName();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private final Path deploy;

    @Activate
    public PluginInstallerImpl() {
        this(Path.of(System.getProperty("karaf.base", System.getProperty("karaf.home", "."))).resolve("deploy"));
    }

    PluginInstallerImpl(Path deploy) {
        this.deploy = deploy;
    }

    @Override
    public PluginUpload install(byte[] jar) {
        if (jar.length == 0) throw KilnException.invalid("the body is empty: send the plugin's jar (Content-Type: application/java-archive)");
        if (jar.length > MAX_JAR_BYTES) throw KilnException.invalid("the jar is larger than " + (MAX_JAR_BYTES >> 20) + " MiB");
        Manifest mf = manifest(jar);
        Attributes a = mf.getMainAttributes();
        String bsn = a.getValue("Bundle-SymbolicName");
        String version = a.getValue("Bundle-Version");
        if (bsn == null || bsn.isBlank()) throw KilnException.invalid("the jar is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        bsn = bsn.split(";")[0].trim();
        if (!NAME.matcher(bsn).matches()) throw KilnException.invalid("Bundle-SymbolicName '" + bsn + "' is not a plain bundle name");
        version = version == null || version.isBlank() ? "0.0.0" : version.trim();
        if (!importsPackages(a.getValue("Import-Package")).contains(SPI_PACKAGE)) {
            throw KilnException.invalid("bundle " + bsn + " " + version + " is not a Kiln hardware plugin: it does not import " + SPI_PACKAGE
                    + " (the vendor SPI)");
        }
        Path target = deploy.resolve(bsn + ".jar");
        boolean replaced = Files.exists(target);
        write(jar, target);
        LOG.info("Kiln plugins: {} {} written to {} ({} bytes{}); Karaf installs it now", bsn, version, target, jar.length,
                replaced ? ", replacing the jar there" : "");
        return new PluginUpload(bsn, version, target.toString(), replaced);
    }

    private static Manifest manifest(byte[] jar) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                // a zip without a manifest, or not a zip at all (JarInputStream reads nothing then)
                boolean zip = jar.length > 3 && jar[0] == 'P' && jar[1] == 'K';
                throw KilnException.invalid(zip ? "the jar is not an OSGi bundle: it has no META-INF/MANIFEST.MF"
                        : "the body is not a jar (no zip header): send the plugin's .jar file");
            }
            return mf;
        } catch (IOException e) {
            throw KilnException.invalid("the body is not a jar that can be read: " + e.getMessage());
        }
    }

    /** The package names of an Import-Package header (attributes and quoted values skipped). */
    static List<String> importsPackages(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) return out;
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                for (String part : clause.toString().split(";")) {
                    String p = part.trim();
                    if (!p.isEmpty() && !p.contains("=")) out.add(p);
                }
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return out;
    }

    /** Next to the target first, then moved in place in one step: Karaf's watcher never sees half a jar. */
    private void write(byte[] jar, Path target) {
        Path tmp = null;
        try {
            Files.createDirectories(deploy);
            // in deploy's parent (the same disk, so the move is one step), not in deploy/, where Karaf would install it
            tmp = Files.createTempFile(deploy.getParent() == null ? deploy : deploy.getParent(), ".kiln-plugin-", ".part");
            Files.write(tmp, jar);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KilnException(KilnException.Kind.UNAVAILABLE, "cannot write the plugin into " + deploy + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.debug("leftover {}: {}", tmp, e.getMessage());
                }
            }
        }
    }
}
