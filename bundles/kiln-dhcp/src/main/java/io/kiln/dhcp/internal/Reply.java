package io.kiln.dhcp.internal;

import java.net.InetSocketAddress;

/** A decided reply and where to send it. */
record Reply(ReplySpec spec, InetSocketAddress to) {
}
