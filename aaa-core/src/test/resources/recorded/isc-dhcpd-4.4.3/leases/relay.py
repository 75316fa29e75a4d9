import socket, struct, random, sys, time
def pkt(t, xid, mac, ciaddr=b'\0'*4, o82=None, req=None, sid=None, host=b'client'):
    rel = o82 is not None
    b = struct.pack('!BBBBIHH', 1,1,6,1 if rel else 0, xid, 0, 0) + ciaddr + b'\0'*8 + (socket.inet_aton('198.51.100.1') if rel else b'\0'*4)
    b += mac + b'\0'*10 + b'\0'*192 + struct.pack('!I', 0x63825363) + bytes([53,1,t])
    if req: b += bytes([50,4]) + req
    if sid: b += bytes([54,4]) + sid
    if host: b += bytes([12,len(host)]) + host
    if rel: b += bytes([82,len(o82)]) + o82
    return b + b'\xff'
def opt(p, code):
    i = 240
    while i < len(p) and p[i] != 255:
        if p[i] == 0: i += 1; continue
        l = p[i+1]
        if p[i] == code: return p[i+2:i+2+l]
        i += 2 + l
    return b''
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('198.51.100.1', 67)); s.settimeout(3)
srv = ('203.0.113.2', 67)
def recv(xid, want):
    while True:
        p, _ = s.recvfrom(1500)
        if struct.unpack('!I', p[4:8])[0] == xid and opt(p,53) == bytes([want]): return p
def lease(mac, o82, host=b'client'):
    xid = random.getrandbits(32)
    s.sendto(pkt(1, xid, mac, o82=o82, host=host), srv); off = recv(xid, 2)
    ip = off[16:20]; sid = opt(off, 54)
    s.sendto(pkt(3, xid, mac, o82=o82, req=ip, sid=sid, host=host), srv); recv(xid, 5)
    return ip, sid
def release(mac, ip, sid):
    s.sendto(pkt(7, random.getrandbits(32), mac, ciaddr=ip, sid=sid), srv)
dl = lambda port: bytes.fromhex('01060004009800%02x02080006f8e903e755a6' % port)
zte = bytes([1,12]) + b'ZTEGC0288E70' + bytes([2,17]) + b'45:47:c0:28:8e:70'
m = lambda n: bytes.fromhex('02000000%04x' % n)
a = lease(m(0xa11), dl(5)); print('alice', socket.inet_ntoa(a[0]))
c = lease(m(0xca1), zte, host=b'carol "pc"\\x'); print('carol', socket.inet_ntoa(c[0]))
b = lease(m(0xb0b), dl(6)); print('bob', socket.inet_ntoa(b[0]))
time.sleep(1)
a2 = lease(m(0xa11), dl(5)); print('alice renew', socket.inet_ntoa(a2[0]))
release(m(0xa11), *a)
print('released'); time.sleep(1)
