/**
 * Private to the bundle: the decisions the client makes, kept pure so they are tested as tables (reset plans, retry
 * and backoff, ETag on 412, TLS trust, per-host settings, the BMC's error messages), and the generic plugin's DS
 * component.
 */
package io.kiln.plugin.redfish.internal;
