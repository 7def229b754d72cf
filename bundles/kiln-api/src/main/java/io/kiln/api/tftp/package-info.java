/** TFTP: the server's state and counters as seen by operators. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.tftp;
