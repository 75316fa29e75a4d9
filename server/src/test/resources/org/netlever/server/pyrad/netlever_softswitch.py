#!/usr/bin/python3
"""A softswitch written with pyrad (python3-pyrad 2.1), an implementation netlever did not write, for ServePeersTest.

  netlever_softswitch.py HOST AUTH_PORT ACCT_PORT SECRET DICTIONARY CASES
      Sends each case of the CASES file (JSON: {"cases": [{"name", "kind": "auth"|"acct", "attributes": [[name,
      value], ...]}]}) once, with two tries one second apart, and prints one line per case:
        CASE name ANSWER code name=value;...   a reply whose Response Authenticator (RFC 2865 section 3) and, when
                                               present, Message-Authenticator (RFC 3579 section 3.2) verify
        CASE name TIMEOUT                      no reply
        CASE name BAD reason                   a reply that does not verify
      Every Access-Request carries a Message-Authenticator, which pyrad 2.1 does not compute itself; every reply to
      one must carry one (BlastRADIUS, CVE-2024-3596), else the reply is BAD.
"""
import hashlib
import hmac
import json
import socket
import sys

from pyrad import packet
from pyrad.dictionary import Dictionary

MESSAGE_AUTHENTICATOR = 80


def attributes(pkt):
    out = []
    for key in pkt.keys():
        for value in pkt[key]:
            if isinstance(value, bytes):
                value = value.hex()
            out.append("%s=%s" % (key, value))
    return ";".join(out)


def find(raw, kind):
    """The offset of the first attribute of a type in a raw packet, or -1."""
    i = 20
    while i + 1 < len(raw):
        if raw[i] == kind:
            return i
        if raw[i + 1] < 2:
            return -1
        i += raw[i + 1]
    return -1


def signed(raw, secret):
    """An Access-Request's octets with its Message-Authenticator computed."""
    raw = bytearray(raw)
    at = find(raw, MESSAGE_AUTHENTICATOR)
    raw[at + 2:at + 18] = bytes(16)
    raw[at + 2:at + 18] = hmac.new(secret, bytes(raw), hashlib.md5).digest()
    return bytes(raw)


def verify(reply, request, secret, access):
    """Why a raw reply does not verify against the raw request, or None."""
    if len(reply) < 20 or reply[1] != request[1]:
        return "identifier or length"
    request_authenticator = request[4:20]
    expected = hashlib.md5(reply[0:4] + request_authenticator + reply[20:] + secret).digest()
    if reply[4:20] != expected:
        return "Response Authenticator"
    at = find(reply, MESSAGE_AUTHENTICATOR)
    if at < 0:
        return "no Message-Authenticator" if access else None
    zeroed = bytearray(reply)
    zeroed[4:20] = request_authenticator
    zeroed[at + 2:at + 18] = bytes(16)
    if hmac.new(secret, bytes(zeroed), hashlib.md5).digest() != reply[at + 2:at + 18]:
        return "Message-Authenticator"
    return None


def receive(sock, identifier):
    """The next datagram answering the identifier within the socket's timeout (late replies to earlier cases are
    skipped), or None."""
    while True:
        try:
            reply = sock.recv(4096)
        except socket.timeout:
            return None
        if len(reply) >= 2 and reply[1] == identifier:
            return reply


def build(d, secret, case, identifier):
    access = case["kind"] == "auth"
    pkt = (packet.AuthPacket(code=packet.AccessRequest, secret=secret, dict=d, id=identifier) if access
           else packet.AcctPacket(code=packet.AccountingRequest, secret=secret, dict=d, id=identifier))
    for name, value in case["attributes"]:
        if name == "User-Password":
            pkt[name] = pkt.PwCrypt(value)
        elif d.attributes[name].type in ("integer", "date"):
            pkt.AddAttribute(name, int(value))
        else:
            pkt.AddAttribute(name, value)
    if access:
        pkt["Message-Authenticator"] = bytes(16)
        return pkt, signed(pkt.RequestPacket(), secret)
    return pkt, pkt.RequestPacket()


def main(argv):
    if len(argv) != 7:
        sys.stderr.write(__doc__)
        return 2
    host, auth_port, acct_port, secret, dictionary, cases = argv[1:]
    secret = secret.encode()
    d = Dictionary(dictionary)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(1)
    with open(cases) as f:
        for identifier, case in enumerate(json.load(f)["cases"]):
            pkt, raw = build(d, secret, case, identifier)
            port = int(auth_port if case["kind"] == "auth" else acct_port)
            line = None
            for _ in range(2):
                sock.sendto(raw, (host, port))
                reply = receive(sock, raw[1])
                if reply is None:
                    continue
                problem = verify(reply, raw, secret, case["kind"] == "auth")
                if problem:
                    line = "BAD " + problem
                else:
                    decoded = pkt.CreateReply(packet=reply)
                    line = "ANSWER %d %s" % (decoded.code, attributes(decoded))
                break
            sys.stdout.write("CASE %s %s\n" % (case["name"], line or "TIMEOUT"))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
