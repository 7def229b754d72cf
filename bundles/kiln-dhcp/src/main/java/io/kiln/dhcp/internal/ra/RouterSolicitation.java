package io.kiln.dhcp.internal.ra;

import java.util.Optional;

/**
 * A valid router solicitation (RFC 4861 4.1).
 *
 * @param sourceLinkLayer the solicitor's link-layer address option, when it sent one
 */
public record RouterSolicitation(Optional<byte[]> sourceLinkLayer) {
}
