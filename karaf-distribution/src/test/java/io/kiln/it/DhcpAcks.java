package io.kiln.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The DHCPACKs in a tcpdump capture (pcap, Ethernet): each as "mac ip", as the client saw it acknowledged. */
final class DhcpAcks {
    private DhcpAcks() {
    }

    static Set<String> in(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        Set<String> acks = new LinkedHashSet<>();
        if (b.remaining() < 24) return acks;
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4) b.order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4) throw new IOException(pcap + " is not a pcap file");
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int len = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + len;
            if (pos > b.limit()) break; // a record cut short when tcpdump stopped
            ByteBuffer f = ByteBuffer.wrap(b.array(), frame, len).slice(); // network byte order
            if (len < 14 + 20 + 8 + 240 || f.getShort(12) != 0x0800 || f.get(14 + 9) != 17) continue;
            int bootp = 14 + (f.get(14) & 0xf) * 4 + 8;
            if (f.get(bootp) != 2 || f.getInt(bootp + 236) != 0x63825363) continue; // BOOTREPLY with the DHCP cookie
            int o = bootp + 240;
            while (o + 1 < len && (f.get(o) & 0xff) != 255) {
                int code = f.get(o) & 0xff;
                if (code == 0) {
                    o++;
                    continue;
                }
                if (code == 53 && f.get(o + 2) == 5) {
                    StringBuilder mac = new StringBuilder();
                    for (int i = 0; i < 6; i++) mac.append(i == 0 ? "" : ":").append(String.format("%02x", f.get(bootp + 28 + i)));
                    int ip = f.getInt(bootp + 16);
                    acks.add(mac + " " + (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff));
                    break;
                }
                o += 2 + (f.get(o + 1) & 0xff);
            }
        }
        return acks;
    }
}
