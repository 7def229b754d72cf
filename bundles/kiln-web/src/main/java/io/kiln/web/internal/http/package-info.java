/**
 * The HTTP server's own health (subsystem {@code http}) and its recovery when its port was taken: pax-web binds
 * once and gives up, so {@link io.kiln.web.internal.http.HttpServerHealth} watches, and
 * {@link io.kiln.web.internal.http.HttpBindWatch} decides (probe the configured endpoints with
 * {@link io.kiln.web.internal.http.Backoff}, restart pax-web's server once they are free). The decision is pure;
 * only the component touches OSGi, Config Admin and sockets.
 */
package io.kiln.web.internal.http;
