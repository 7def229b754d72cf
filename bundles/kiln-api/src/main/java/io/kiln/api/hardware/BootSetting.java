package io.kiln.api.hardware;

/**
 * A boot device the host's BMC accepted.
 *
 * @param host       the inventory host
 * @param plugin     the plugin that asked the BMC
 * @param device     pxe, http, cd or disk
 * @param url        for http: the URL the firmware fetches; null otherwise
 * @param persistent false: the next boot only; true: from now on
 * @param urlSource  for http: where the URL comes from ("given", or Kiln's boot decision for the host); null otherwise
 */
public record BootSetting(String host, String plugin, String device, String url, boolean persistent, String urlSource) {
}
