package io.kiln.api.dhcp;

import java.time.Instant;

/**
 * One address binding held by the DHCP server in full mode.
 *
 * @param ip       leased IPv4 address
 * @param mac      client MAC address
 * @param hostName inventory host name when the MAC is registered, else the client's option 12, else null
 * @param state    lifecycle state
 * @param start    when it was last offered or bound
 * @param expires  when it lapses
 * @param pool     name of the pool the address came from ("reservation" for static ones)
 */
public record Lease(String ip, String mac, String hostName, LeaseState state, Instant start, Instant expires, String pool) {
}
