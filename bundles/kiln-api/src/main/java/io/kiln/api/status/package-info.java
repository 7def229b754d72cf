/** The appliance's own state: each subsystem up, degraded or down, with the reason and since when. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.kiln.api.status;
