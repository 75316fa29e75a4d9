#!/usr/bin/python3
"""A BRAS for BrasPyradIT, played by pyrad (python3-pyrad), an implementation netlever did not write (issue 13).

  netlever_bras.py bras HOST AUTHPORT/ACCTPORT SECRET DICTIONARY NAS
      Reads one request per line on standard input and prints one line per answer:
        session USER          session authorization (Access-Request with Message-Authenticator, pcrf-request=session)
        service USER          service authorization (pcrf-request=service)
        acct KIND USER SESSION SERVICE SECONDS IN OUT
                              per-service accounting: KIND Start, Interim-Update or Stop; IN and OUT are 64-bit octet
                              counts, sent as Acct-Input/Output-Octets and -Gigawords (RFC 2869 5.1, 5.2)
      Every request names the BRAS by NAS-Identifier NAS and by NAS-IP-Address 192.0.2.1, as BRASes usually do (a
      documentation address: nothing is sent to it; issue 13 §2: the CoA must still find the endpoint the
      configuration names by NAS-Identifier). An answer prints "ANSWER code name=value;..." once pyrad has
      checked its Response Authenticator (RFC 2865 3) and, for Access-Accept and -Reject, that it carries a
      Message-Authenticator that verifies (RFC 3579 3.2); "BAD reason" if a check fails, "TIMEOUT" if nothing
      answers.
  netlever_bras.py coa SECRET DICTIONARY MODE [ERROR-CAUSE]
      The BRAS's CoA listener (RFC 5176), a pyrad server on 127.0.0.1, a free port: prints "LISTENING port", then for
      each CoA-Request "COA id authenticator-hex ma=ok|missing|bad name=value;..." after checking its Request
      Authenticator (a request that fails is printed "BAD-AUTHENTICATOR id" and dropped), and answers it by MODE:
      ack (CoA-ACK), silent (no answer), nak (CoA-NAK with Error-Cause ERROR-CAUSE, RFC 5176 3.6). Runs until killed.
"""
import hashlib
import hmac
import select
import socket
import sys

from pyrad import packet, server
from pyrad.dictionary import Dictionary

from netlever_radius_load import SignedAuthPacket, say

NAS_IP_ADDRESS = "192.0.2.1"

MESSAGE_AUTHENTICATOR = 80
GIGA = 1 << 32


def attributes(pkt):
    """The packet's attributes in order, decoded by the dictionary: name=value;... (octets in hex)."""
    return ";".join("%s=%s" % (key, value.hex() if isinstance(value, bytes) else value)
                    for key in pkt.keys() for value in pkt[key])


def message_authenticator(raw, authenticator, secret):
    """'ok', 'missing' or 'bad': the packet's Message-Authenticator, computed with the given authenticator field."""
    i = 20
    while i + 1 < len(raw):
        kind, length = raw[i], raw[i + 1]
        if length < 2:
            return "bad"
        if kind == MESSAGE_AUTHENTICATOR and length == 18:
            copy = bytearray(raw)
            copy[4:20] = authenticator
            copy[i + 2:i + 18] = bytes(16)
            expected = hmac.new(secret, bytes(copy), hashlib.md5).digest()
            return "ok" if hmac.compare_digest(expected, bytes(raw[i + 2:i + 18])) else "bad"
        i += length
    return "missing"


class Bras:
    """Sends each request and waits for its verified answer. Not thread-safe."""

    def __init__(self, host, auth_port, acct_port, secret, dictionary, nas):
        self.host = host
        self.auth_port = auth_port
        self.acct_port = acct_port
        self.secret = secret
        self.dict = Dictionary(dictionary)
        self.nas = nas
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))

    def exchange(self, req, port):
        raw_request = req.RequestPacket()
        for _ in range(3):
            self.sock.sendto(raw_request, (self.host, port))
            ready = select.select([self.sock], [], [], 2.0)
            if not ready[0]:
                continue
            raw = self.sock.recv(4096)
            reply = req.CreateReply(packet=raw)
            if not req.VerifyReply(reply, raw):
                return "BAD Response Authenticator of a code %d reply" % raw[0]
            if reply.code in (packet.AccessAccept, packet.AccessReject):
                ma = message_authenticator(raw, req.authenticator, self.secret)
                if ma != "ok":
                    return "BAD Message-Authenticator %s in a code %d reply" % (ma, reply.code)
            return "ANSWER %d %s" % (reply.code, attributes(reply))
        return "TIMEOUT"

    def authorize(self, user, kind):
        req = SignedAuthPacket(code=packet.AccessRequest, secret=self.secret, dict=self.dict)
        req["User-Name"] = user
        req["NAS-Identifier"] = self.nas
        req["NAS-IP-Address"] = NAS_IP_ADDRESS
        req["Eltex-AVPair"] = "pcrf-request=" + kind
        req["Message-Authenticator"] = bytes(16)
        return self.exchange(req, self.auth_port)

    def account(self, kind, user, session, service, seconds, octets_in, octets_out):
        req = packet.AcctPacket(code=packet.AccountingRequest, secret=self.secret, dict=self.dict)
        req["Acct-Status-Type"] = kind
        req["User-Name"] = user
        req["Acct-Session-Id"] = session
        req["NAS-Identifier"] = self.nas
        req["NAS-IP-Address"] = NAS_IP_ADDRESS
        req["Eltex-AVPair"] = "service-name=" + service
        req["Acct-Session-Time"] = seconds
        req["Acct-Input-Octets"] = octets_in % GIGA
        req["Acct-Input-Gigawords"] = octets_in // GIGA
        req["Acct-Output-Octets"] = octets_out % GIGA
        req["Acct-Output-Gigawords"] = octets_out // GIGA
        return self.exchange(req, self.acct_port)

    def run(self, lines):
        for line in lines:
            f = line.split()
            if not f:
                continue
            if f[0] in ("session", "service") and len(f) == 2:
                say(self.authorize(f[1], f[0]))
            elif f[0] == "acct" and len(f) == 8:
                say(self.account(f[1], f[2], f[3], f[4], int(f[5]), int(f[6]), int(f[7])))
            else:
                say("BAD request " + line.strip())


class CoaListener(server.Server):
    """A BRAS's DAS: answers CoA-Requests by its mode."""

    def __init__(self, secret, dictionary, mode, cause):
        server.Server.__init__(self, addresses=[], coaport=0, dict=Dictionary(dictionary), auth_enabled=False,
                               acct_enabled=False, coa_enabled=True,
                               hosts={"127.0.0.1": server.RemoteHost("127.0.0.1", secret, "netlever")})
        self.mode = mode
        self.cause = cause
        self._realauthfds = []   # pyrad 2.1's Run() reads them even when auth and accounting are off
        self._realacctfds = []
        self.BindToAddress("127.0.0.1")

    def port(self):
        return self.coafds[0].getsockname()[1]

    def HandleCoaPacket(self, pkt):
        if not pkt.VerifyCoARequest():
            say("BAD-AUTHENTICATOR %d" % pkt.id)
            return
        ma = message_authenticator(pkt.raw_packet, bytes(16), pkt.secret)
        say("COA %d %s ma=%s %s" % (pkt.id, pkt.authenticator.hex(), ma, attributes(pkt)))
        if self.mode == "silent":
            return
        reply = self.CreateReplyPacket(pkt)
        if self.mode == "nak":
            reply.code = packet.CoANAK
            reply["Error-Cause"] = self.cause
        self.SendReplyPacket(pkt.fd, reply)

    def HandleDisconnectPacket(self, pkt):
        say("DISCONNECT %d %s" % (pkt.id, attributes(pkt)))


def main(argv):
    if len(argv) == 7 and argv[1] == "bras":
        host, ports, secret, dictionary, nas = argv[2:]
        auth_port, _, acct_port = ports.partition("/")
        Bras(host, int(auth_port), int(acct_port), secret.encode(), dictionary, nas).run(sys.stdin)
        return 0
    if len(argv) in (5, 6) and argv[1] == "coa" and argv[4] in ("ack", "silent", "nak"):
        if argv[4] == "nak" and len(argv) != 6:
            sys.stderr.write("nak needs an Error-Cause\n")
            return 2
        listener = CoaListener(argv[2].encode(), argv[3], argv[4], int(argv[5]) if len(argv) == 6 else 0)
        say("LISTENING %d" % listener.port())
        listener.Run()
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
