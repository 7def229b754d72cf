package io.kiln.boot.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of boot decisions and iPXE scripts (PID {@value #PID}) as the metatype describes it; read and
 * checked by {@link BootSettings}, for {@link BootAdvisorImpl} and {@link IpxeScriptServlet} alike, so the DHCP
 * answer and the script agree on the unknown-device policy.
 *
 * <p>The loader table is one attribute per DHCP option 93 architecture; an empty value means "unsupported":
 * such machines are ignored with the reason, unless a host names its own loader.
 */
@ObjectClassDefinition(id = BootConfig.PID, name = "Kiln boot",
        description = "What network-booting machines are handed: loaders per architecture, iPXE script URLs, the unknown-device policy")
public @interface BootConfig {

    String PID = "io.kiln.boot";

    @AttributeDefinition(description = "HTTP port used in the URLs Kiln hands out (the port Karaf's HTTP service listens on)", min = "1", max = "65535")
    int httpPort() default 8080;

    @AttributeDefinition(description = "Scheme of the URLs Kiln hands out", options = {@Option(label = "http", value = "http"), @Option(label = "https", value = "https")})
    String httpScheme() default "http";

    @AttributeDefinition(required = false, description = "Address put into URLs and next-server. Empty: the address the request reached; "
            + "if that is unknown too, the first non-loopback IPv4 address of this machine (the decision says so)")
    String serverAddress() default "";

    @AttributeDefinition(description = "What machines missing from the inventory get: 'ignore' (no answer, they boot "
            + "the next device) or 'discover' (they boot the discovery profile)",
            options = {@Option(label = "ignore", value = "ignore"), @Option(label = "discover", value = "discover")})
    String unknownPolicy() default "ignore";

    @AttributeDefinition(description = "Boot profile for unknown machines under the 'discover' policy")
    String discoveryProfile() default "discovery";

    @AttributeDefinition(required = false, description = "What a host its workflow quarantined (a failed gate) boots: a boot profile's name, "
            + "or empty: iPXE holds it, saying why and asking again every minute, until an operator releases it")
    String quarantineProfile() default "";

    @AttributeDefinition(required = false, description = "Option 93 arch 0 (BIOS / legacy PXE): TFTP loader file")
    String loaderBios() default "undionly.kpxe";

    @AttributeDefinition(required = false, description = "Option 93 arch 7 and 9 (UEFI x64 PXE): TFTP loader file")
    String loaderEfiX64() default "snponly.efi";

    @AttributeDefinition(required = false, description = "Option 93 arch 16 (UEFI x64 HTTP boot): loader file under "
            + "/boot/loaders/, handed out as a URL with option 60 'HTTPClient'")
    String loaderEfiX64Http() default "snponly.efi";

    @AttributeDefinition(required = false, description = "Option 93 arch 11 (UEFI ARM64 PXE): TFTP loader file")
    String loaderArm64() default "arm64-efi/snponly.efi";

    @AttributeDefinition(required = false, description = "Option 93 arch 19 (UEFI ARM64 HTTP boot): loader file under "
            + "/boot/loaders/, handed out as a URL with option 60 'HTTPClient'")
    String loaderArm64Http() default "arm64-efi/snponly.efi";

    @AttributeDefinition(required = false, description = "Option 93 arch 6 (UEFI IA32 PXE): TFTP loader file; empty = unsupported")
    String loaderEfiIa32() default "";
}
