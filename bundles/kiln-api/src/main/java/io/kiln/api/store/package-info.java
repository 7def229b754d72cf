/**
 * Persistence for Kiln's internal model: versioned JSON documents by (kind, name), with optimistic concurrency,
 * atomic batches and unique secondary keys; and hosts' events ({@link io.kiln.api.store.EventLog}), which kiln-events
 * writes. Services such as the inventory use it; operators never see it directly.
 *
 * <p><b>Internal to the appliance.</b> Only Kiln's own bundles (kiln-store provides it; kiln-inventory, kiln-events
 * and a few others use it) may wire to this package; plugins and other third-party bundles use the inventory and the
 * other API packages instead.
 * The export carries the mandatory attribute {@code kiln.internal=true}: the OSGi resolver wires an import of this
 * package only if the import names that attribute ({@code Import-Package: io.kiln.api.store;kiln.internal=true}), so
 * a bundle that merely imports the package, or reaches it through {@code DynamicImport-Package}, does not resolve
 * against it. The package is still versioned and baselined like every export: its importers are Kiln's own.
 */
@org.osgi.annotation.bundle.Export(attribute = {"kiln.internal=true", "mandatory:=kiln.internal"})
@org.osgi.annotation.versioning.Version("2.2.0")
package io.kiln.api.store;
