package io.kiln.boot.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the file downloads (PID {@value #PID}): which directories back /artifacts/ and /boot/loaders/. */
@ObjectClassDefinition(id = ArtifactConfig.PID, name = "Kiln artifacts",
        description = "Directories served over HTTP to booting machines")
public @interface ArtifactConfig {

    String PID = "io.kiln.artifacts";

    @AttributeDefinition(description = "Directory served at /artifacts/ (kernels, initrds, images). ${karaf.data} and other "
            + "${system.property} references are expanded; karaf.data defaults to 'data'")
    String artifactsDir() default "${karaf.data}/kiln/artifacts";

    @AttributeDefinition(description = "Directory served at /boot/loaders/ (iPXE EFI binaries for UEFI HTTP boot)")
    String loadersDir() default "/usr/lib/ipxe";
}
