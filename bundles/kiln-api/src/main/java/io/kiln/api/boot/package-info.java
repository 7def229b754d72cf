/** Boot decisions: what Kiln answers a network-booting machine, and why. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.kiln.api.boot;
