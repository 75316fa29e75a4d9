#!/usr/bin/python3
"""RADIUS peers for ServePeersTest, written with pyrad (python3-pyrad), an implementation netlever did not write.

  netlever_peers.py nas-coa SECRET DICTIONARY
      A NAS's CoA listener (RFC 5176) on 127.0.0.1, a free port: prints "LISTENING port", then for each request one
      line "CODE name=value;name=value" (attributes in packet order, decoded by the dictionary) and answers it with
      CoA-ACK or Disconnect-ACK. Runs until killed.
  netlever_peers.py access HOST PORT SECRET DICTIONARY CALLING CALLED
      A softswitch's call authorization (S2.3) without Message-Authenticator, as legacy equipment sends it: prints
      "ANSWER code" and the reply's attributes as above, or "TIMEOUT" when nothing answers.
  netlever_peers.py acct-start HOST PORT SECRET DICTIONARY SESSION CALLING CALLED
      A softswitch's Accounting Start of an answered call (S2.4): prints "ANSWER code" and the reply's attributes,
      or "TIMEOUT".
"""
import socket
import sys
import time

from pyrad import packet
from pyrad.client import Client, Timeout
from pyrad.dictionary import Dictionary


def attributes(pkt):
    out = []
    for key in pkt.keys():
        name = key if isinstance(key, str) else str(key)
        for value in pkt[key]:
            if isinstance(value, bytes):
                value = value.hex()
            out.append("%s=%s" % (name, value))
    return ";".join(out)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def nas_coa(secret, dictionary):
    d = Dictionary(dictionary)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    say("LISTENING %d" % sock.getsockname()[1])
    while True:
        data, peer = sock.recvfrom(4096)
        pkt = packet.CoAPacket(packet=data, secret=secret, dict=d)
        if not pkt.VerifyCoARequest():
            say("BAD-AUTHENTICATOR %d" % pkt.code)
            continue
        reply = pkt.CreateReply()
        reply.code = packet.CoAACK if pkt.code == packet.CoARequest else packet.DisconnectACK
        say("%d %s" % (pkt.code, attributes(pkt)))
        sock.sendto(reply.ReplyPacket(), peer)


def h323_time(epoch):
    return time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime(epoch))


def ask(host, port, secret, dictionary, build):
    client = Client(server=host, authport=port, acctport=port, secret=secret, dict=Dictionary(dictionary))
    client.bind(("127.0.0.1", 0))
    client.timeout = 1
    client.retries = 2
    req = build(client)
    try:
        reply = client.SendPacket(req)
    except Timeout:
        say("TIMEOUT")
        return
    say("ANSWER %d %s" % (reply.code, attributes(reply)))


def main(argv):
    if len(argv) >= 4 and argv[1] == "nas-coa":
        nas_coa(argv[2].encode(), argv[3])
        return 0
    if len(argv) == 8 and argv[1] == "access":
        host, port, secret, dictionary, calling, called = argv[2:]

        def build(client):
            req = client.CreateAuthPacket(code=packet.AccessRequest)
            req["User-Name"] = calling
            req["Acct-Session-Id"] = "auth-%s-%s" % (calling, called)
            req["Calling-Station-Id"] = calling
            req["Called-Station-Id"] = called
            return req
        ask(host, int(port), secret.encode(), dictionary, build)
        return 0
    if len(argv) == 9 and argv[1] == "acct-start":
        host, port, secret, dictionary, session, calling, called = argv[2:]

        def build(client):
            now = int(time.time())
            req = client.CreateAcctPacket(code=packet.AccountingRequest)
            req["Acct-Status-Type"] = "Start"
            req["Acct-Session-Id"] = session
            req["User-Name"] = calling
            req["Calling-Station-Id"] = calling
            req["Called-Station-Id"] = called
            req["h323-setup-time"] = "h323-setup-time=" + h323_time(now - 5)
            req["h323-connect-time"] = "h323-connect-time=" + h323_time(now)
            return req
        ask(host, int(port), secret.encode(), dictionary, build)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
