/**
 * Hardware as the appliance drives it through vendor plugins: which plugins are deployed, which serves each hardware
 * interface of a host and why, and the calls operators make (power, boot device, virtual media, firmware and its
 * updates, inspection, registering a server from its BMC), and the drivers a host's PCI devices need
 * ({@link io.kiln.api.hardware.DriverPlan}). The shell and the REST API use this package; plugins never do (they
 * implement the vendor SPI, {@code io.kiln.spi.vendor}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.kiln.api.hardware;
