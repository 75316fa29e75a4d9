#!/usr/bin/env python3
"""Writes N relayed DHCPDISCOVERs carrying the benchmark's two Option 82 payloads (D-Link binary, SNR text),
alternating, to a pcap: the input for timing tshark as a peer decoder. Standard library only.

usage: option82_pcap.py OUT.pcap [N]
"""
import struct
import sys

DLINK = bytes.fromhex("0106000400980005" "0208" "0006f8e903e755a6")
DCN = bytes.fromhex("0114" + b"Vlan10+Ethernet1/0/7".hex() + "0206" "00030faabbcc")


def checksum(header: bytes) -> int:
    total = sum(struct.unpack("!10H", header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def frame(option82: bytes) -> bytes:
    bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128sI", 1, 1, 6, 1, 0x30460082, 0, 0, bytes(4), bytes(4), bytes(4),
                        bytes([192, 0, 2, 1]), bytes([2, 0, 0, 0, 0, 0x42]) + bytes(10), bytes(64), bytes(128),
                        0x63825363)
    dhcp = bootp + bytes([53, 1, 1, 82, len(option82)]) + option82 + bytes([255])
    udp = struct.pack("!HHHH", 67, 67, 8 + len(dhcp), 0) + dhcp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes([192, 0, 2, 1]),
                     bytes([192, 0, 2, 2]))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return bytes([0xFF] * 6 + [2, 0, 0, 0, 0, 1]) + b"\x08\x00" + ip + udp


def main() -> None:
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    frames = [frame(DLINK), frame(DCN)]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            data = frames[i % 2]
            f.write(struct.pack("<IIII", 1_795_000_000 + i, 0, len(data), len(data)))
            f.write(data)


if __name__ == "__main__":
    main()
