#!/usr/bin/env python3
"""A DHCP client that is not relayed: broadcasts DISCOVER and REQUEST from 0.0.0.0:68 on one interface, with the
broadcast flag set so that a relay broadcasts the answers back, and prints the acknowledged address.

Usage: dhcp_client.py INTERFACE CLIENT_MAC.  Exit 0 and the address on stdout, or 1 and the reason on stderr.
Used by the end-to-end tests to put a real relay agent (ISC dhcrelay -a) between a client and dhcpd (RFC 2131).
"""
import random
import socket
import struct
import sys
import time

BOOTREQUEST, ETHERNET, MAC_LENGTH = 1, 1, 6
BROADCAST_FLAG = 0x8000
MAGIC = b"\x63\x82\x53\x63"
DISCOVER, OFFER, REQUEST, ACK, NAK = 1, 2, 3, 5, 6


def packet(xid, mac, message_type, requested=None, server_id=None):
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", BOOTREQUEST, ETHERNET, MAC_LENGTH, 0, xid, 0,
                         BROADCAST_FLAG, bytes(4), bytes(4), bytes(4), bytes(4), mac + bytes(10), b"", b"")
    options = MAGIC + bytes([53, 1, message_type])
    if requested:
        options += bytes([50, 4]) + requested
    if server_id:
        options += bytes([54, 4]) + server_id
    return header + options + b"\xff"


def options(data):
    found, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        length = data[i + 1]
        found[data[i]] = data[i + 2:i + 2 + length]
        i += 2 + length
    return found


def exchange(sock, xid, message, wanted):
    for _ in range(5):
        sock.sendto(message, ("255.255.255.255", 67))
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                data, _ = sock.recvfrom(1500)
            except socket.timeout:
                break
            if len(data) <= 240 or struct.unpack("!I", data[4:8])[0] != xid or data[236:240] != MAGIC:
                continue
            found = options(data)
            kind = found.get(53, b"\0")[0]
            if kind == wanted:
                return data, found
            if kind == NAK:
                sys.exit("the server answered DHCPNAK")
    sys.exit("no answer from the server")


def main():
    interface, mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, interface.encode())
    sock.bind(("0.0.0.0", 68))
    xid = random.getrandbits(32)
    offer, offered = exchange(sock, xid, packet(xid, mac, DISCOVER), OFFER)
    ack, _ = exchange(sock, xid, packet(xid, mac, REQUEST, offer[16:20], offered.get(54)), ACK)
    print(socket.inet_ntoa(ack[16:20]))


if __name__ == "__main__":
    main()
