package io.kiln.spi.vendor;

import java.util.List;

/**
 * What a host needs for its devices on its target OS, and why.
 *
 * @param packages      OS packages to install
 * @param modules       kernel modules to load
 * @param kernelArgs    kernel command line arguments
 * @param firmwareFiles firmware files the devices need
 * @param reasons       one line per device: which rule matched and where the rule comes from
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
