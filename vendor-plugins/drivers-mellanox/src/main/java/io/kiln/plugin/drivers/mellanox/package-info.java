/** The drivers-mellanox plugin: private to the bundle, which exports nothing. */
package io.kiln.plugin.drivers.mellanox;
