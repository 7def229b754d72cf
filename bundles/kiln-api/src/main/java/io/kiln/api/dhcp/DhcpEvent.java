package io.kiln.api.dhcp;

import java.time.Instant;

/**
 * One request the DHCP server handled and what it did about it: the trail an operator reads when a machine
 * does not boot ("did Kiln see it? what did it answer, and why?").
 *
 * @param time     when the request was handled
 * @param mac      client MAC
 * @param request  message type (DISCOVER, REQUEST, ...) and the port it came in on
 * @param arch     option 93, or null
 * @param ipxe     the client runs iPXE
 * @param answer   what Kiln sent (OFFER, ACK, NAK) or "none"
 * @param address  address handed out (full mode), or null
 * @param bootFile boot file or URL handed out, or null
 * @param reason   why, in one line (the last step of the boot decision, or why no answer was sent)
 */
public record DhcpEvent(Instant time, String mac, String request, Integer arch, boolean ipxe, String answer, String address,
                       String bootFile, String reason) {
}
