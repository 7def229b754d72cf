package io.kiln.api.dhcp;

/** Lifecycle of an address binding. */
public enum LeaseState {
    /** Offered in reply to a DISCOVER; held briefly so no one else gets it. */
    OFFERED,
    /** Acknowledged: the client owns the address until it expires. */
    BOUND,
    /** Released by the client; the address remembers its last owner. */
    RELEASED,
    /** Declined by the client (address conflict detected); quarantined. */
    DECLINED,
    /** Expired without renewal. */
    EXPIRED
}
