package io.kiln.dhcp.internal.codec;

import static io.kiln.dhcp.internal.codec.Packets.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {
    @Test
    void defaultsToAnEmptyEthernetReply() throws Exception {
        DhcpMessage m = DhcpMessage.builder().build();
        assertEquals(DhcpMessage.BOOTREPLY, m.op());
        assertEquals(DhcpMessage.HTYPE_ETHERNET, m.htype());
        assertEquals(0, m.hlen());
        assertEquals("", m.macString());
        assertEquals(InetAddress.getByName("0.0.0.0"), m.yiaddr());
        assertTrue(m.isBootp());
        assertTrue(m.options().isEmpty());
    }

    @Test
    void macStringIsLowercaseColonSeparated() {
        DhcpMessage m = DhcpMessage.builder().chaddr(bytes("AABBCCDDEEFF")).build();
        assertEquals("aa:bb:cc:dd:ee:ff", m.macString());
        assertEquals(6, m.hlen());
    }

    @Test
    void broadcastHelperTouchesOnlyItsBit() {
        DhcpMessage.Builder b = DhcpMessage.builder().flags(0x0001).broadcast(true);
        assertEquals(0x8001, b.build().flags());
        assertTrue(b.build().isBroadcast());
        assertEquals(0x0001, b.broadcast(false).build().flags());
        assertFalse(b.build().isBroadcast());
    }

    @Test
    void isImmutable() {
        byte[] mac = bytes("020000000001");
        DhcpMessage m = DhcpMessage.builder().chaddr(mac).build();
        mac[0] = 9;
        m.chaddr()[1] = 9;
        assertEquals("02:00:00:00:00:01", m.macString());
    }

    @Test
    void builderChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().op(3));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().hops(256));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().secs(65536));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().chaddr(new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().sname("s".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().file("f".repeat(128)));
        assertEquals(127, DhcpMessage.builder().file("f".repeat(127)).build().file().length());
    }

    @Test
    void toBuilderCopiesEverything() throws Exception {
        DhcpMessage m = DhcpCodecTest.decode(Packets.IPXE_DISCOVER);
        assertEquals(m, m.toBuilder().build());
        DhcpMessage changed = m.toBuilder().hops(1).build();
        assertNotEquals(m, changed);
        assertEquals(m.options(), changed.options());
    }

    @Test
    void replyBuilderCopiesWhatRfc2131Table3Says() throws Exception {
        DhcpMessage request = DhcpCodecTest.decode(Packets.RELAYED_REQUEST).toBuilder().broadcast(true).build();
        Inet4Address yiaddr = (Inet4Address) InetAddress.getByName("10.250.1.50");
        DhcpMessage reply = request.replyBuilder().yiaddr(yiaddr).messageType(MessageType.ACK).build();
        assertEquals(DhcpMessage.BOOTREPLY, reply.op());
        assertEquals(request.xid(), reply.xid());
        assertArrayEquals(request.chaddr(), reply.chaddr());
        assertEquals(request.flags(), reply.flags());
        assertEquals(request.giaddr(), reply.giaddr());
        assertEquals(0, reply.hops());
        assertEquals(0, reply.secs());
        assertEquals(yiaddr, reply.yiaddr());
        assertEquals(List.of(DhcpOption.RELAY_AGENT_INFO, DhcpOption.MESSAGE_TYPE), reply.options().codes());
        assertArrayEquals(request.options().get(82).orElseThrow(), reply.options().get(82).orElseThrow());
    }

    @Test
    void toStringIsReadable() {
        String s = DhcpCodecTest.decode(Packets.EDK2_PXE_DISCOVER).toString();
        assertTrue(s.contains("DISCOVER") && s.contains("52:54:00:fa:00:10") && s.contains("broadcast"), s);
    }
}
