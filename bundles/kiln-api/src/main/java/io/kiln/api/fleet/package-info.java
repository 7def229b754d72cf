/**
 * The fleet at a glance, for the dashboard ({@code GET /api/v1/fleet}, {@code kiln:fleet}): hosts per site and state,
 * the hosts that need an operator, recent failures, and boot-service activity, computed in one place.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.kiln.api.fleet;
