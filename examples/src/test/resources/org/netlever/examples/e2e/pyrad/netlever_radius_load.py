#!/usr/bin/python3
"""RADIUS load for CrashSafetyIT, sent by pyrad (python3-pyrad), an implementation netlever did not write.

  netlever_radius_load.py softswitch-call HOST PORT SECRET DICTIONARY PREFIX [FROM:]TO STOPFILE
      Answered calls, as a softswitch reports them: Acct-Session-Id PREFIX-N for N from FROM (default 0) up to TO
      (excluded), from one of eight phones 74953000000 .. 74953000007 (N modulo 8) to a Moscow number. Each call's
      accounting Start (h323 setup and connect times) is followed, after the Starts of the next three calls, by its
      Stop (Acct-Session-Time and the Cisco h323 times) - except every fifth call (N modulo 5 = 4), which stays open,
      and a call whose Start was prohibited. The same N always makes the same call.
      Prints "SENT id start calling called" or "SENT id stop calling called seconds" before and "ACK id start",
      "ACK id stop" after each Accounting-Response ("REJECT id start" for a Start answered with an
      h323-return-code: the call is prohibited).
  netlever_radius_load.py softswitch-resend HOST PORT SECRET DICTIONARY PREFIX KIND:N[,KIND:N...] STOPFILE
      The same records, only those listed (KIND start or stop), in that order: what a softswitch sends again after
      they went unanswered. Prints as softswitch-call.
  netlever_radius_load.py bras-quota HOST AUTHPORT/ACCTPORT SECRET DICTIONARY PREFIX [FROM:]TO STOPFILE
      For subscribers PREFIX<FROM> .. PREFIX<TO - 1>, one after the other, as a BRAS: session authorization
      (Access-Request with Message-Authenticator), accounting Start, then Interim-Updates of the limit2h1Gb service
      every 1800 s of session time up to 7200 s, which uses up its 2 h quota.
      Prints "ACK user auth -1", "ACK user start 0", "ACK user interim SECONDS" for each answer.
  netlever_radius_load.py bras-resume HOST AUTHPORT/ACCTPORT SECRET DICTIONARY USER FIRST STOPFILE
      The same for one subscriber, from the record FIRST on (-1: the authorization, else its session time): what a
      BRAS sends again after a record went unanswered.

A request without an answer is sent again (a loaded server may be slow), until the file STOPFILE exists (the test
creates it once it has killed netlever): then the script prints "TIMEOUT id kind" (softswitch) or "TIMEOUT user record"
(BRAS) and exits, status 0.
"""
import hashlib
import hmac
import os
import sys
import time

from pyrad import packet
from pyrad.client import Client, Timeout
from pyrad.dictionary import Dictionary


class SignedAuthPacket(packet.AuthPacket):
    """An Access-Request with a Message-Authenticator (RFC 3579), which pyrad 2.1 does not compute itself."""

    def RequestPacket(self):
        raw = bytearray(super().RequestPacket())
        i = 20
        while i + 1 < len(raw):
            kind, length = raw[i], raw[i + 1]
            if kind == 80 and length == 18:
                raw[i + 2:i + 18] = bytes(16)
                raw[i + 2:i + 18] = hmac.new(self.secret, bytes(raw), hashlib.md5).digest()
                break
            i += length
        return bytes(raw)


def h323_time(epoch):
    return time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime(epoch))


def send(client, pkt, stop_file):
    """The reply to a request, sent again while it gets none; raises Timeout once stop_file exists."""
    while True:
        try:
            return client.SendPacket(pkt)
        except (Timeout, OSError):
            if os.path.exists(stop_file):
                raise Timeout


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


CALLERS = 8
STOP_LAG = 3


def call(n):
    """Call n: its calling and called numbers, its seconds, and whether its Stop is ever sent."""
    return "74953000%03d" % (n % CALLERS), "74957654321", 1 + (n * 37) % 600, n % 5 != 4


def call_record(client, prefix, n, kind, stop_file):
    """Sends call n's Start or Stop until answered: "ACK" or "REJECT" (a prohibited Start), None on a timeout."""
    session = "%s-%d" % (prefix, n)
    calling, called, seconds, _ = call(n)
    now = int(time.time())
    req = client.CreateAcctPacket(code=packet.AccountingRequest)
    req["Acct-Status-Type"] = "Start" if kind == "start" else "Stop"
    req["Acct-Session-Id"] = session
    req["Calling-Station-Id"] = calling
    req["Called-Station-Id"] = called
    if kind == "start":
        req["h323-setup-time"] = "h323-setup-time=" + h323_time(now - 5)
        req["h323-connect-time"] = "h323-connect-time=" + h323_time(now)
        say("SENT %s start %s %s" % (session, calling, called))
    else:
        connect = now - seconds
        req["Acct-Session-Time"] = seconds
        req["h323-setup-time"] = "h323-setup-time=" + h323_time(connect - 5)
        req["h323-connect-time"] = "h323-connect-time=" + h323_time(connect)
        req["h323-disconnect-time"] = "h323-disconnect-time=" + h323_time(now)
        say("SENT %s stop %s %s %d" % (session, calling, called, seconds))
    try:
        reply = send(client, req, stop_file)
    except Timeout:
        say("TIMEOUT %s %s" % (session, kind))
        return None
    answer = "REJECT" if reply.code != packet.AccountingResponse or kind == "start" and "h323-return-code" in reply \
        else "ACK"
    say("%s %s %s" % (answer, session, kind))
    return answer


def softswitch_call(client, prefix, numbers, stop_file):
    prohibited = set()
    for n in numbers:
        answer = call_record(client, prefix, n, "start", stop_file)
        if answer is None:
            return
        if answer == "REJECT":
            prohibited.add(n)
        m = n - STOP_LAG
        if m >= numbers.start and call(m)[3] and m not in prohibited:
            if not call_record(client, prefix, m, "stop", stop_file):
                return


def softswitch_resend(client, prefix, records, stop_file):
    for record in records.split(","):
        kind, _, n = record.partition(":")
        if not call_record(client, prefix, int(n), kind, stop_file):
            return


def subscriber(client, user, first, stop_file):
    """One subscriber's records from first on (-1: the authorization, else the session time); False on a timeout."""
    session = user + "-s"
    for seconds in (-1, 0, 1800, 3600, 5400, 7200):
        if seconds < first:
            continue
        if seconds < 0:
            kind = "auth"
            req = SignedAuthPacket(code=packet.AccessRequest, secret=client.secret, dict=client.dict)
            req["User-Name"] = user
            req["Eltex-AVPair"] = "pcrf-request=session"
            req["Message-Authenticator"] = bytes(16)
        else:
            kind = "start" if seconds == 0 else "interim"
            req = client.CreateAcctPacket(code=packet.AccountingRequest)
            req["Acct-Status-Type"] = "Start" if seconds == 0 else "Interim-Update"
            req["User-Name"] = user
            req["Acct-Session-Id"] = session
            req["NAS-Identifier"] = "esr-1"
            req["Eltex-AVPair"] = "service-name=limit2h1Gb"
            req["Acct-Session-Time"] = seconds
        try:
            reply = send(client, req, stop_file)
        except Timeout:
            say("TIMEOUT %s %d" % (user, seconds))
            return False
        if reply.code in (packet.AccessAccept, packet.AccountingResponse):
            say("ACK %s %s %d" % (user, kind, seconds))
        else:
            say("REJECT %s %s %d" % (user, kind, seconds))
    return True


def bras_quota(client, prefix, numbers, stop_file):
    for n in numbers:
        if not subscriber(client, "%s%d" % (prefix, n), -1, stop_file):
            return


def main(argv):
    if len(argv) != 9 or argv[1] not in ("softswitch-call", "softswitch-resend", "bras-quota", "bras-resume"):
        sys.stderr.write(__doc__)
        return 2
    mode, host, ports, secret, dictionary, prefix, which, stop_file = argv[1:]
    auth_port, _, acct_port = ports.partition("/")
    client = Client(server=host, authport=int(auth_port), acctport=int(acct_port or auth_port),
                    secret=secret.encode(), dict=Dictionary(dictionary))
    client.bind(("127.0.0.1", 0))
    client.timeout = 1
    client.retries = 1
    if mode == "bras-resume":
        subscriber(client, prefix, int(which), stop_file)
        return 0
    if mode == "softswitch-resend":
        softswitch_resend(client, prefix, which, stop_file)
        return 0
    first, _, last = which.rpartition(":")
    numbers = range(int(first or 0), int(last))
    if mode == "softswitch-call":
        softswitch_call(client, prefix, numbers, stop_file)
    else:
        bras_quota(client, prefix, numbers, stop_file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
