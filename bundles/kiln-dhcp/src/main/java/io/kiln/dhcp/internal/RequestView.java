package io.kiln.dhcp.internal;

import java.util.List;

/**
 * The fields of a client's DHCP request that the responder's decisions use, read once from the decoded message.
 *
 * @param xid          transaction id
 * @param flags        BOOTP flags (broadcast bit 0x8000)
 * @param ciaddr       client address (renewals, INFORM), 0 if none
 * @param giaddr       relay agent address, 0 if not relayed
 * @param chaddr       client hardware address bytes
 * @param mac          canonical MAC
 * @param type         option 53 message type, 0 for BOOTP
 * @param requestedIp  option 50, 0 if absent
 * @param serverId     option 54, 0 if absent
 * @param arch         option 93, null if absent
 * @param vendorClass  option 60, null if absent
 * @param userClasses  option 77 entries
 * @param ipxeOptions  option 175 present
 * @param uuid         option 97 as a UUID string, null if absent
 * @param clientUuidRaw option 97 bytes to echo, null if absent
 * @param hostName     option 12, null if absent
 * @param relayInfo    option 82 bytes to echo unchanged, null if absent
 */
record RequestView(int xid, int flags, int ciaddr, int giaddr, byte[] chaddr, String mac, int type, int requestedIp,
                   int serverId, Integer arch, String vendorClass, List<String> userClasses, boolean ipxeOptions,
                   String uuid, byte[] clientUuidRaw, String hostName, byte[] relayInfo) {

    static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;
}
