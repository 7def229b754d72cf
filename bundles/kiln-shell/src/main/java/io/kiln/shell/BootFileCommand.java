package io.kiln.shell;

import io.kiln.api.KilnException;
import io.kiln.api.boot.ProvisioningFiles;
import io.kiln.api.template.RenderedFile;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** kiln:boot-file: one of a host's per-host files rendered as the machine will get it (as GET /api/v1/boot/file). */
@Service
@Command(scope = "kiln", name = "boot-file", description = "Print one of a host's per-host files rendered as the machine will get it")
public class BootFileCommand extends KilnAction {

    @Reference(optional = true) ProvisioningFiles files;

    @Argument(index = 0, name = "path", required = true, description = "the path the machine asks for, e.g. /cloud-init/edge-01/user-data")
    String path;

    @Option(name = "--kiln-url", description = "the files' ${kiln.url} (default " + ProvisioningFiles.PREVIEW_KILN_URL + ", as the REST preview)")
    String kilnUrl;

    @Override
    protected Object run() {
        if (files == null) throw new KilnException(KilnException.Kind.UNAVAILABLE, "the provisioning files service (kiln-boot) is not running", null);
        RenderedFile f = files.render(path, kilnUrl);
        System.out.println("# " + path + " (template " + f.template() + ", " + f.contentType() + ")");
        System.out.print(f.content());
        return null;
    }
}
