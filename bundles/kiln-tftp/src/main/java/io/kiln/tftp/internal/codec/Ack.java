package io.kiln.tftp.internal.codec;

/**
 * An ACK (RFC 1350); block 0 acknowledges an OACK (RFC 2347).
 *
 * @param block 16-bit block number (0..65535)
 */
public record Ack(int block) implements TftpMessage {

    public Ack {
        checkBlock(block);
    }

    static void checkBlock(int block) {
        if (block < 0 || block > 0xFFFF) throw new IllegalArgumentException("block " + block + " not in 0..65535");
    }

    @Override
    public int opcode() {
        return ACK;
    }
}
