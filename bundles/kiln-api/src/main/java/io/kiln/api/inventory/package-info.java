/** Inventory: hosts and boot profiles, the source of truth the boot services consult. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.inventory;
