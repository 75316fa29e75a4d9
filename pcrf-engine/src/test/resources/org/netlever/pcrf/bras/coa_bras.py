#!/usr/bin/python3
"""A BRAS's CoA listener (RFC 5176) written with pyrad (python3-pyrad), an implementation netlever did not write,
for CoaBrasNotifierPeerTest.

  coa_bras.py SECRET DICTIONARY ANSWER...
      Listens on 127.0.0.1, a free port, and prints "LISTENING port". Answers the n-th CoA-Request (retransmissions,
      same Identifier from the same peer, are answered alike) as the n-th ANSWER says, the last one for every later
      request: "ack" (CoA-ACK), "silent" (no answer) or "nak:CAUSE" (CoA-NAK with Error-Cause CAUSE, "nak" alone
      without one). For each request it prints "REQUEST n User-Name Acct-Session-Id command ANSWER". Runs until
      killed.
"""
import socket
import sys

from pyrad import packet
from pyrad.dictionary import Dictionary


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def first(pkt, name):
    return pkt[name][0] if name in pkt else "-"


def main(argv):
    secret, dictionary, answers = argv[1].encode(), argv[2], argv[3:]
    d = Dictionary(dictionary)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    say("LISTENING %d" % sock.getsockname()[1])
    seen = {}
    while True:
        data, peer = sock.recvfrom(4096)
        pkt = packet.CoAPacket(packet=data, secret=secret, dict=d)
        if pkt.code != packet.CoARequest or not pkt.VerifyCoARequest():
            say("BAD %d" % pkt.code)
            continue
        key = (peer, pkt.id, pkt.authenticator)
        if key not in seen:
            seen[key] = len(seen)
            n = seen[key]
            answer = answers[min(n, len(answers) - 1)]
            command = [p for p in pkt["Eltex-AVPair"] if p.startswith("command=")] if "Eltex-AVPair" in pkt else []
            say("REQUEST %d %s %s %s %s" % (n + 1, first(pkt, "User-Name"), first(pkt, "Acct-Session-Id"),
                                            command[0] if command else "-", answer))
        answer = answers[min(seen[key], len(answers) - 1)]
        if answer == "silent":
            continue
        reply = pkt.CreateReply()
        if answer == "ack":
            reply.code = packet.CoAACK
        else:
            reply.code = packet.CoANAK
            if ":" in answer:
                reply["Error-Cause"] = int(answer.split(":", 1)[1])
        sock.sendto(reply.ReplyPacket(), peer)


if __name__ == "__main__":
    main(sys.argv)
