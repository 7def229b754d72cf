/** The fake plugin's implementation: private to the bundle, which exports nothing. */
package io.kiln.plugin.fake;
