package io.kiln.api.fleet;

/**
 * What one boot service has been asked.
 *
 * @param service   {@code dhcp}, {@code tftp} or {@code http}
 * @param requests  requests since Kiln started (its {@code /metrics} counter: kiln_dhcp_requests_total, ...)
 * @param perMinute requests per minute over the last minute or more (those counted since a reading at least a
 *                  minute old, per minute: never more than were counted), or null until Kiln has counted for a minute
 *                  (or the service is not running)
 */
public record ServiceActivity(String service, long requests, Double perMinute) {
}
