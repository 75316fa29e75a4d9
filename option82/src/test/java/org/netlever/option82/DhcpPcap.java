package org.netlever.option82;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes relayed DHCPDISCOVER packets carrying a given Option 82 into a classic pcap file (Ethernet, IPv4 from
 * 192.0.2.0/24, UDP 67 to 67), so that tshark can decode the same bytes netlever parses.
 */
final class DhcpPcap {

    private DhcpPcap() {
    }

    static void write(Path file, List<byte[]> option82Payloads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(header.array());
        int seconds = 1_795_000_000;
        for (byte[] payload : option82Payloads) {
            byte[] frame = frame(payload);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(seconds++).putInt(0).putInt(frame.length).putInt(frame.length);
            out.write(record.array());
            out.write(frame);
        }
        Files.write(file, out.toByteArray());
    }

    private static byte[] frame(byte[] option82Payload) {
        byte[] dhcp = dhcpDiscover(option82Payload);
        int udpLength = 8 + dhcp.length;
        int ipLength = 20 + udpLength;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
        // Ethernet: broadcast from a locally administered address.
        b.put(new byte[] {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        // IPv4: relay 192.0.2.1 to server 192.0.2.2.
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
        b.putShort(ipStart + 10, ipChecksum(b.array(), ipStart, 20));
        // UDP 67 -> 67, checksum 0 (none, allowed for IPv4).
        b.putShort((short) 67).putShort((short) 67).putShort((short) udpLength).putShort((short) 0);
        b.put(dhcp);
        return b.array();
    }

    private static byte[] dhcpDiscover(byte[] option82Payload) {
        ByteBuffer b = ByteBuffer.allocate(240 + 3 + 2 + option82Payload.length + 1);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 1); // op BOOTREQUEST, Ethernet, hlen 6, hops 1
        b.putInt(0x3046_0082).putShort((short) 0).putShort((short) 0); // xid, secs, flags
        b.put(new byte[12]); // ciaddr, yiaddr, siaddr
        b.put(new byte[] {(byte) 192, 0, 2, 1}); // giaddr
        b.put(new byte[] {2, 0, 0, 0, 0, 0x42}).put(new byte[10]); // chaddr
        b.put(new byte[64 + 128]); // sname, file
        b.putInt(0x63825363); // magic cookie
        b.put((byte) 53).put((byte) 1).put((byte) 1); // DHCPDISCOVER
        b.put((byte) 82).put((byte) option82Payload.length).put(option82Payload);
        b.put((byte) 255);
        return b.array();
    }

    private static short ipChecksum(byte[] data, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
