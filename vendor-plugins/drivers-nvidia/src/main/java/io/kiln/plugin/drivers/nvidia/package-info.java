/** The drivers-nvidia plugin: private to the bundle, which exports nothing. */
package io.kiln.plugin.drivers.nvidia;
