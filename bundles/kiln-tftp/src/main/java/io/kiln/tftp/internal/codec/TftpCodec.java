package io.kiln.tftp.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes and decodes TFTP packets (RFC 1350, 2347) to and from {@link ByteBuf}s; pure and stateless.
 *
 * <p>Strings are read as UTF-8: RFC 1350 says netascii, which is a subset, and some clients send UTF-8 file names.
 */
public final class TftpCodec {

    /** The shared instance: the codec has no state. */
    public static final TftpCodec DEFAULT = new TftpCodec();

    /** Largest legal packet: a DATA header plus the largest RFC 2348 block. */
    public static final int MAX_PACKET = 4 + TftpOptions.BLKSIZE_MAX;

    /**
     * Largest accepted RRQ/WRQ/OACK. RFC 2347 caps requests at 512 bytes; we allow 2048 because long iPXE paths plus
     * options can exceed 512 and nothing is gained by refusing them, while still bounding what a request may cost.
     */
    public static final int MAX_REQUEST = 2048;

    /** Decodes the readable bytes of {@code in} without moving its indices or releasing it. */
    public TftpMessage decode(ByteBuf in) throws MalformedTftpException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int length = end - start;
        if (length < 2) throw new MalformedTftpException(-1, "truncated: " + length + " bytes, no opcode");
        int opcode = in.getUnsignedShort(start);
        if (length > MAX_PACKET) throw new MalformedTftpException(opcode, "oversized: " + length + " bytes");
        int pos = start + 2;
        switch (opcode) {
            case TftpMessage.RRQ, TftpMessage.WRQ -> {
                if (length > MAX_REQUEST) throw new MalformedTftpException(opcode, "oversized request: " + length + " bytes");
                int nameEnd = terminator(in, pos, end, opcode, "filename");
                String filename = string(in, pos, nameEnd);
                if (filename.isEmpty()) throw new MalformedTftpException(opcode, "empty filename");
                pos = nameEnd + 1;
                int modeEnd = terminator(in, pos, end, opcode, "mode");
                String mode = string(in, pos, modeEnd);
                if (mode.isEmpty()) throw new MalformedTftpException(opcode, "empty mode");
                Map<String, String> options = options(in, modeEnd + 1, end, opcode);
                return opcode == TftpMessage.RRQ ? new ReadRequest(filename, mode, options)
                        : new WriteRequest(filename, mode, options);
            }
            case TftpMessage.DATA -> {
                if (length < 4) throw new MalformedTftpException(opcode, "truncated DATA: " + length + " bytes");
                byte[] payload = new byte[length - 4];
                in.getBytes(start + 4, payload);
                return new Data(in.getUnsignedShort(pos), payload);
            }
            case TftpMessage.ACK -> {
                // trailing bytes after the block number are ignored: some PXE ROMs pad their ACKs
                if (length < 4) throw new MalformedTftpException(opcode, "truncated ACK: " + length + " bytes");
                return new Ack(in.getUnsignedShort(pos));
            }
            case TftpMessage.ERROR -> {
                if (length < 4) throw new MalformedTftpException(opcode, "truncated ERROR: " + length + " bytes");
                // a missing final NUL is tolerated: the message is only logged, and the peer is aborting anyway
                int msgEnd = in.indexOf(pos + 2, end, (byte) 0);
                return new TftpError(in.getUnsignedShort(pos), string(in, pos + 2, msgEnd < 0 ? end : msgEnd));
            }
            case TftpMessage.OACK -> {
                if (length > MAX_REQUEST) throw new MalformedTftpException(opcode, "oversized OACK: " + length + " bytes");
                Map<String, String> options = options(in, pos, end, opcode);
                if (options.isEmpty()) throw new MalformedTftpException(opcode, "OACK without options");
                return new OptionAck(options);
            }
            default -> throw new MalformedTftpException(opcode, "unknown opcode " + opcode);
        }
    }

    /** Encodes {@code msg} into a new buffer from {@code alloc}; the caller owns (and must release or send) it. */
    public ByteBuf encode(TftpMessage msg, ByteBufAllocator alloc) {
        ByteBuf out = alloc.ioBuffer(estimate(msg));
        try {
            out.writeShort(msg.opcode());
            if (msg instanceof ReadRequest r) {
                request(out, r.filename(), r.mode(), r.options());
            } else if (msg instanceof WriteRequest w) {
                request(out, w.filename(), w.mode(), w.options());
            } else if (msg instanceof Data d) {
                out.writeShort(d.block()).writeBytes(d.payload());
            } else if (msg instanceof Ack a) {
                out.writeShort(a.block());
            } else if (msg instanceof TftpError e) {
                out.writeShort(e.code());
                string(out, e.message());
            } else if (msg instanceof OptionAck o) {
                optionsOut(out, o.options());
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * A DATA packet with its 4-byte header written and room for {@code payloadLength} more bytes, which the caller
     * writes (e.g. straight from a FileChannel) so the hot send path needs no intermediate copy or message object.
     */
    public ByteBuf dataPacket(ByteBufAllocator alloc, int block, int payloadLength) {
        ByteBuf out = alloc.ioBuffer(4 + payloadLength);
        return out.writeShort(TftpMessage.DATA).writeShort(block & 0xFFFF);
    }

    private static int terminator(ByteBuf in, int from, int end, int opcode, String what) throws MalformedTftpException {
        int nul = in.indexOf(from, end, (byte) 0);
        if (nul < 0) throw new MalformedTftpException(opcode, "unterminated " + what);
        return nul;
    }

    private static Map<String, String> options(ByteBuf in, int pos, int end, int opcode) throws MalformedTftpException {
        Map<String, String> options = new LinkedHashMap<>();
        while (pos < end) {
            int nameEnd = terminator(in, pos, end, opcode, "option name");
            if (nameEnd == pos) {
                // trailing NUL padding is tolerated (seen from old PXE ROMs); an empty name followed by data is not
                if (in.forEachByte(pos, end - pos, b -> b == 0) < 0) break;
                throw new MalformedTftpException(opcode, "empty option name");
            }
            String name = string(in, pos, nameEnd).toLowerCase(Locale.ROOT);
            pos = nameEnd + 1;
            if (pos >= end) throw new MalformedTftpException(opcode, "option " + name + " without value");
            int valueEnd = terminator(in, pos, end, opcode, "value of option " + name);
            // RFC 2347 does not say what a repeated option means; the first one wins
            options.putIfAbsent(name, string(in, pos, valueEnd));
            pos = valueEnd + 1;
        }
        return options;
    }

    private static String string(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.UTF_8);
    }

    private static void request(ByteBuf out, String filename, String mode, Map<String, String> options) {
        string(out, filename);
        string(out, mode);
        optionsOut(out, options);
    }

    private static void optionsOut(ByteBuf out, Map<String, String> options) {
        options.forEach((k, v) -> {
            string(out, k);
            string(out, v);
        });
    }

    private static void string(ByteBuf out, String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL inside a TFTP string");
        ByteBufUtil.writeUtf8(out, s);
        out.writeByte(0);
    }

    private static int estimate(TftpMessage msg) {
        if (msg instanceof Data d) return 4 + d.length();
        return msg instanceof Ack ? 4 : 128;
    }
}
