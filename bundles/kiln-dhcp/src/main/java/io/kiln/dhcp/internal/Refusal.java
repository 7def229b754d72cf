package io.kiln.dhcp.internal;

/**
 * Why a client that asked for an address (DISCOVER, or a REQUEST for one it does not hold) got none: each is counted
 * (kiln:dhcp-status, GET /api/v1/dhcp/status) and named in the request's line of the event log (kiln:dhcp-log).
 */
enum Refusal {
    /** No pool serves the network the request came from. */
    NO_POOL("no-pool"),
    /** Every address of the client's pools is bound, declined or reserved (offers are reused before this). */
    POOL_EXHAUSTED("pool-exhausted"),
    /** One MAC asked more often than limit.macPerSecond. */
    MAC_RATE("mac-rate"),
    /** The interface's unknown clients hold more unrequested offers than limit.sourceOffers allows now. */
    INTERFACE_RATE("interface-rate"),
    /** The relay's (giaddr) unknown clients hold more unrequested offers than limit.sourceOffers allows now. */
    RELAY_RATE("relay-rate"),
    /** The inventory could not be read: no answer beats a wrong one. */
    INVENTORY_UNAVAILABLE("inventory-unavailable");

    /** The name operators see. */
    final String label;

    Refusal(String label) {
        this.label = label;
    }
}
