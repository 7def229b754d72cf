package io.kiln.agent;

import java.io.ByteArrayOutputStream;

/** The few DER encodings a PKCS#10 request needs (tag-length-value, definite lengths). */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    /** [0] IMPLICIT, constructed (the CSR's attributes). */
    static final int CONTEXT_0 = 0xa0;

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) body.writeBytes(c);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = b.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(len >>> (8 * i));
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... contents) {
        return tlv(SEQUENCE, contents);
    }

    /** An OBJECT IDENTIFIER from dotted text. */
    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
        for (int i = 2; i < p.length; i++) {
            long v = Long.parseLong(p[i]);
            int groups = 1;
            while ((v >>> (7 * groups)) != 0) groups++;
            for (int g = groups - 1; g >= 0; g--) b.write((int) ((v >>> (7 * g)) & 0x7f) | (g == 0 ? 0 : 0x80));
        }
        return tlv(OID, b.toByteArray());
    }

    /** BIT STRING with no unused bits (a signature). */
    static byte[] bitString(byte[] bits) {
        byte[] withPad = new byte[bits.length + 1];
        System.arraycopy(bits, 0, withPad, 1, bits.length);
        return tlv(BIT_STRING, withPad);
    }
}
