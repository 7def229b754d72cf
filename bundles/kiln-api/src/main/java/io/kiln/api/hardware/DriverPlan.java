package io.kiln.api.hardware;

import java.util.List;

/**
 * What a host's PCI devices need on its target OS, as the deployed {@code drivers-*} plugins select it: the union of
 * their packages, modules, kernel arguments and firmware files, and per device the rule that matched and its source.
 * A plugin that fails adds a problem and no selection; it never fails the plan (nor a rendered file).
 *
 * @param host          the inventory host
 * @param osFamily      the target OS family ({@code ubuntu}, {@code debian}, {@code rhel}), or null when unknown
 * @param osVersion     its version, or null when unknown
 * @param osFrom        how the target OS was found (variable {@code os.family}, the profile's install method)
 * @param devices       every PCI device of the host's {@code pci} fact, in its order
 * @param packages      OS packages to install, each once
 * @param modules       kernel modules to load, each once
 * @param kernelArgs    kernel command line arguments, each once
 * @param firmwareFiles firmware files (under /lib/firmware) the devices need
 * @param notes         the plugins' lines that are about the plan, not one device (e.g. which packages and why)
 * @param problems      what went wrong: a plugin that failed or timed out, a {@code pci} fact that does not parse
 */
public record DriverPlan(String host, String osFamily, String osVersion, String osFrom, List<DeviceDriver> devices, List<String> packages,
                         List<String> modules, List<String> kernelArgs, List<String> firmwareFiles, List<String> notes,
                         List<String> problems) {
    public DriverPlan {
        devices = List.copyOf(devices);
        packages = List.copyOf(packages);
        modules = List.copyOf(modules);
        kernelArgs = List.copyOf(kernelArgs);
        firmwareFiles = List.copyOf(firmwareFiles);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /** Nothing selected, nothing wrong. */
    public static DriverPlan empty(String host) {
        return new DriverPlan(host, null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
