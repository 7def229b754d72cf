/**
 * What the drivers-* plugins share: reading a plugin's derived {@code drivers.tsv} and turning the rows that match a
 * host's devices into a selection. Not an API: each plugin bundle carries a private copy (bnd
 * {@code -conditionalpackage}), so it still imports the vendor SPI alone.
 */
package io.kiln.plugin.drivers.common;
