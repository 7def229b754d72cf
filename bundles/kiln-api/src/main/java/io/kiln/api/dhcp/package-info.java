/** DHCP: leases and server status as seen by operators. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.kiln.api.dhcp;
