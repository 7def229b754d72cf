package io.kiln.dhcp.internal.codec;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * Thrown by {@link DhcpCodec#decode} when bytes cannot be a DHCP/BOOTP message; the message says exactly why.
 *
 * <p>It is a Netty {@link CorruptedFrameException} so that, should it ever escape a pipeline, Netty treats it
 * as the decode error it is.
 */
public final class MalformedDhcpException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    public MalformedDhcpException(String message) {
        super(message);
    }
}
