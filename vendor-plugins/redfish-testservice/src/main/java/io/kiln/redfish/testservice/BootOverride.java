package io.kiln.redfish.testservice;

/**
 * The system's boot override as the service holds it now (ComputerSystem.Boot).
 *
 * @param target   BootSourceOverrideTarget, e.g. "Pxe"
 * @param enabled  BootSourceOverrideEnabled: "Disabled", "Once" or "Continuous"
 * @param mode     BootSourceOverrideMode: "UEFI" or "Legacy"
 * @param httpBootUri HttpBootUri, or null
 */
public record BootOverride(String target, String enabled, String mode, String httpBootUri) {
}
