package io.kiln.tftp.internal.codec;

import java.util.Arrays;

/**
 * A DATA packet. The server's send path does not use this record (it fills pooled buffers straight from the file,
 * see {@link TftpCodec#dataPacket}); it exists for decoding and for tests, so copying the payload is fine.
 *
 * @param block   16-bit block number (0..65535, wraps after 65535)
 * @param payload the block's bytes (0..65464)
 */
public record Data(int block, byte[] payload) implements TftpMessage {

    public Data {
        Ack.checkBlock(block);
        if (payload.length > TftpOptions.BLKSIZE_MAX) throw new IllegalArgumentException("payload > " + TftpOptions.BLKSIZE_MAX);
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying. */
    public int length() {
        return payload.length;
    }

    @Override
    public int opcode() {
        return DATA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && d.block == block && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * block + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Data[block=" + block + ", length=" + payload.length + "]";
    }
}
