package io.kiln.spi.vendor;

import java.util.List;

/**
 * What a host needs for its devices on its target OS, and why.
 *
 * @param packages      OS packages to install
 * @param modules       kernel modules to load
 * @param kernelArgs    kernel command line arguments
 * @param firmwareFiles firmware files the devices need
 * @param reasons       one line per device: which rule matched and where the rule comes from, written
 *                      {@code vvvv:dddd[@slot] RULE: NAME: WHAT [SOURCES]} (the device as Kiln passed it, {@code none}
 *                      as RULE when no rule matched, then NAME left out), which Kiln shows per device
 *                      ({@code kiln:drivers-explain}); lines that start otherwise are notes about the whole selection
 */
public record DriverSelection(List<String> packages, List<String> modules, List<String> kernelArgs, List<String> firmwareFiles,
                              List<String> reasons) {
    public DriverSelection {
        packages = List.copyOf(packages);
        modules = List.copyOf(modules);
        kernelArgs = List.copyOf(kernelArgs);
        firmwareFiles = List.copyOf(firmwareFiles);
        reasons = List.copyOf(reasons);
    }
}
