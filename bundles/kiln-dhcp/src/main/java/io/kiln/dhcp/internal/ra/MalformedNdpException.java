package io.kiln.dhcp.internal.ra;

/** A received ICMPv6 message that is not a valid router solicitation; the message says why. */
public final class MalformedNdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedNdpException(String why) {
        super(why);
    }
}
