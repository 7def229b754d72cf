/**
 * The vendor SPI: what a hardware plugin implements so that Kiln can drive a make of server. Small interfaces in the
 * spirit of Ironic's hardware interfaces; a plugin is one {@link io.kiln.spi.vendor.VendorPlugin} service that
 * implements any subset of {@link io.kiln.spi.vendor.PowerInterface}, {@link io.kiln.spi.vendor.BootInterface},
 * {@link io.kiln.spi.vendor.VirtualMediaInterface}, {@link io.kiln.spi.vendor.FirmwareInterface},
 * {@link io.kiln.spi.vendor.InspectionInterface} and {@link io.kiln.spi.vendor.DriverSelectionInterface}.
 *
 * <p>Its records are its own (BMC endpoint, credentials, PCI device, target OS, results), never the inventory's:
 * this package depends on nothing else of Kiln and changes slowly, on its own version. Kiln calls plugins off its
 * network threads with a timeout; a call that throws, hangs or returns nonsense fails that call only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.spi.vendor;
