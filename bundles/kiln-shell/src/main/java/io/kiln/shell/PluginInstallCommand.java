package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.hardware.PluginInstaller;
import io.kiln.api.hardware.PluginUpload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:plugin-install: deploys a hardware plugin from its jar (as POST /api/v1/plugins), checked first. */
@Service
@Command(scope = "kiln", name = "plugin-install", description = "Deploy a hardware plugin jar (checked: an OSGi bundle importing the vendor SPI) into deploy/")
public class PluginInstallCommand extends KilnAction {

    @Reference(optional = true) PluginInstaller installer;

    @Argument(index = 0, name = "jar", required = true, description = "the plugin's jar file")
    String jar;

    @Override
    protected Object run() throws IOException {
        if (installer == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the plugin installer (kiln-plugins) is not running", null);
        Path p = Path.of(jar);
        if (!Files.isRegularFile(p)) throw KilnException.invalid("no file " + p.toAbsolutePath());
        if (Files.size(p) > PluginInstaller.MAX_JAR_BYTES) throw KilnException.invalid(p + " is larger than " + (PluginInstaller.MAX_JAR_BYTES >> 20) + " MiB");
        PluginUpload u = installer.install(Files.readAllBytes(p));
        System.out.println("Plugin " + u.bundle() + " " + u.version() + " written to " + u.file() + (u.replaced() ? " (replacing the jar there)" : "")
                + "; kiln:plugin-list shows it once Karaf has installed it");
        return null;
    }
}
