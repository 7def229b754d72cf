package io.kiln.api.fleet;

import java.util.Map;

/**
 * One operator action on a host, whether it applies now, and the REST call that performs it.
 *
 * @param action    approve, reject, reprovision, deprovision, cancel (the host's active workflow run), release, detach,
 *                  attach, power-on, power-off, power-cycle or pxe-once
 * @param available whether it applies to the host now
 * @param reason    why not, in words, when it is not available; null when it is
 * @param method    the HTTP method of the call that performs it ({@code POST}; {@code DELETE} for cancel)
 * @param path      that call's path ({@code /api/v1/hosts/edge-1/power}); null when there is none (approve and
 *                  reject without a machine waiting)
 * @param body      that call's JSON body ({@code {"action":"on"}}), or null for none
 */
public record HostAction(String action, boolean available, String reason, String method, String path, Map<String, Object> body) {
    public HostAction {
        body = body == null ? null : Map.copyOf(body);
    }
}
