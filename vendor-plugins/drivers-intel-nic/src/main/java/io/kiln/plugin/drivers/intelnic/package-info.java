/** The drivers-intel-nic plugin: private to the bundle, which exports nothing. */
package io.kiln.plugin.drivers.intelnic;
