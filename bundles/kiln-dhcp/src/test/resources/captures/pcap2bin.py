#!/usr/bin/env python3
"""Write the UDP payload of the first packet to port 67 in a pcap (Ethernet link type) to a file.

Usage: pcap2bin.py IN.pcap OUT.bin   -- a tiny pcap reader, no scapy needed.
"""
import struct
import sys


def first_dhcp_payload(data):
    magic = data[:4]
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",
              b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">"}[magic]
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise SystemExit("link type %d is not Ethernet" % linktype)
    off = 24
    while off + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        eth = 14
        ethertype = struct.unpack(">H", frame[12:14])[0]
        if ethertype == 0x8100:  # one VLAN tag
            ethertype = struct.unpack(">H", frame[16:18])[0]
            eth = 18
        if ethertype != 0x0800 or frame[eth + 9] != 17:
            continue
        ihl = (frame[eth] & 0x0F) * 4
        udp = eth + ihl
        _, dport, ulen = struct.unpack(">HHH", frame[udp:udp + 6])
        if dport == 67:
            return frame[udp + 8:udp + ulen]
    raise SystemExit("no UDP packet to port 67")


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        payload = first_dhcp_payload(f.read())
    with open(sys.argv[2], "wb") as f:
        f.write(payload)
    print("%s: %d bytes" % (sys.argv[2], len(payload)))
