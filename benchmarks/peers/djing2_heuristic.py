#!/usr/bin/env python3
"""The original's algorithm, timed on the benchmark's D-Link option: djing2's parse_opt82 (apps/radiusapp/vendors.py)
takes the port as the last byte of the circuit-id and the switch MAC as the last six bytes of the remote-id
(ZTE circuit-ids aside), formatting the MAC as text. Written here from that description; this is what netlever's
decoders replace. Standard library only.

usage: djing2_heuristic.py [N]
"""
import sys
import timeit

CIRCUIT_ID = bytes.fromhex("000400980005")
REMOTE_ID = bytes.fromhex("0006f8e903e755a6")


def parse_opt82(remote_id: bytes, circuit_id: bytes):
    if circuit_id.startswith(b"ZTE"):
        return remote_id.decode(), 0
    port = circuit_id[-1] if circuit_id else 0
    mac = ":".join("%02x" % b for b in remote_id[-6:]) if len(remote_id) >= 6 else None
    return mac, port


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    assert parse_opt82(REMOTE_ID, CIRCUIT_ID) == ("f8:e9:03:e7:55:a6", 5)
    best = min(timeit.repeat(lambda: parse_opt82(REMOTE_ID, CIRCUIT_ID), number=n, repeat=5))
    print(f"djing2 parse_opt82 heuristic (python {sys.version.split()[0]}): {best / n * 1e9:.0f} ns/op")


if __name__ == "__main__":
    main()
