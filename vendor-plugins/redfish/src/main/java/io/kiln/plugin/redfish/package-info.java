/**
 * The generic DMTF Redfish client and plugin, exported for vendor quirk bundles: {@link io.kiln.plugin.redfish.RedfishQuirks}
 * (what a vendor's BMCs do differently, as data), {@link io.kiln.plugin.redfish.RedfishPlugin} (a complete plugin over
 * a set of quirks, which a quirk bundle's DS component registers) and {@link io.kiln.plugin.redfish.RedfishClient}
 * (requests to one BMC: sessions, TLS trust, retries, ETags, errors with the BMC's own message). Its signatures use
 * JDK and SPI types only: the JSON library is private to this bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.plugin.redfish;
