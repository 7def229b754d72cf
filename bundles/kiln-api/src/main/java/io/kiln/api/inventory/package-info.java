/** Inventory: sites, roles, OS (boot) profiles, hosts, instances and clusters -- the source of truth every part of Kiln reads. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package io.kiln.api.inventory;
