package io.kiln.tftp.internal.codec;

/** A datagram that is not a valid TFTP packet: truncated, oversized, unterminated string or unknown opcode. */
public final class MalformedTftpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int opcode;

    /**
     * @param opcode the packet's opcode if it had one (used to decide whether the RFC wants an ERROR reply), else -1
     * @param reason what is wrong, for logs
     */
    public MalformedTftpException(int opcode, String reason) {
        // no stack trace: garbage floods must stay cheap, and the reason says everything
        super(reason, null, false, false);
        this.opcode = opcode;
    }

    /** The opcode of the offending packet, or -1 if it was too short to have one. */
    public int opcode() {
        return opcode;
    }
}
