package org.netlever.examples.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * Plays the access switch's DHCP relay agent: sends a client's DISCOVER and REQUEST with giaddr and Option 82 to the
 * server from UDP port 67, as a real relay does, and receives the server's OFFER and ACK there. Also sends a client's
 * RELEASE (which is not relayed and carries no Option 82).
 */
final class DhcpRelayAgent implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] giaddr;

    DhcpRelayAgent(String relayAddress, String serverAddress) throws IOException {
        InetAddress relay = InetAddress.getByName(relayAddress);
        this.giaddr = relay.getAddress();
        this.socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(relay, 67));
        socket.setSoTimeout(3000);
        this.server = new InetSocketAddress(InetAddress.getByName(serverAddress), 67);
    }

    /** The address the server acknowledged, and the server's identifier. */
    record Ack(Ipv4Address ip, byte[] serverId) {
    }

    /** DISCOVER, OFFER, REQUEST, ACK for a client behind the relay; retried up to 3 times. */
    Ack lease(MacAddress client, RelayAgentInformation option82) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                int xid = ThreadLocalRandom.current().nextInt();
                socket.send(packet(1, xid, client, new byte[4], option82, null, null));
                byte[] offer = receive(xid, 2);
                Ipv4Address offered = Ipv4Address.ofUnsigned(ByteBuffer.wrap(offer, 16, 4).getInt() & 0xFFFF_FFFFL);
                byte[] serverId = option(offer, 54);
                socket.send(packet(3, xid, client, new byte[4], option82, offered, serverId));
                byte[] ack = receive(xid, 5);
                return new Ack(Ipv4Address.ofUnsigned(ByteBuffer.wrap(ack, 16, 4).getInt() & 0xFFFF_FFFFL), serverId);
            } catch (SocketTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** A client's DHCPRELEASE, sent straight to the server. */
    void release(MacAddress client, Ack ack) throws IOException {
        byte[] ciaddr = ack.ip().toInetAddress().getAddress();
        socket.send(packet(7, ThreadLocalRandom.current().nextInt(), client, ciaddr, null, null, ack.serverId()));
    }

    private DatagramPacket packet(int type, int xid, MacAddress client, byte[] ciaddr, RelayAgentInformation option82,
            Ipv4Address requested, byte[] serverId) {
        boolean relayed = option82 != null;
        ByteBuffer b = ByteBuffer.allocate(576);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) (relayed ? 1 : 0));
        b.putInt(xid).putShort((short) 0).putShort((short) 0);
        b.put(ciaddr).put(new byte[8]).put(relayed ? giaddr : new byte[4]);
        b.put(client.toBytes()).put(new byte[10]).put(new byte[192]);
        b.putInt(0x63825363);
        b.put((byte) 53).put((byte) 1).put((byte) type);
        if (requested != null) {
            b.put((byte) 50).put((byte) 4).put(requested.toInetAddress().getAddress());
        }
        if (serverId != null) {
            b.put((byte) 54).put((byte) 4).put(serverId);
        }
        b.put((byte) 12).put((byte) 6).put("client".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (relayed) {
            b.put(option82.toOption());
        }
        b.put((byte) 255);
        return new DatagramPacket(b.array(), b.position(), server);
    }

    private byte[] receive(int xid, int wantedType) throws IOException {
        byte[] buffer = new byte[1500];
        while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            socket.receive(p);
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            if (p.getLength() > 240 && b.getInt(4) == xid) {
                byte[] type = option(java.util.Arrays.copyOf(p.getData(), p.getLength()), 53);
                if (type.length == 1 && type[0] == wantedType) {
                    return java.util.Arrays.copyOf(p.getData(), p.getLength());
                }
                if (type.length == 1 && type[0] == 6) {
                    throw new IOException("the server answered DHCPNAK");
                }
            }
        }
    }

    private static byte[] option(byte[] packet, int code) {
        int i = 240;
        while (i < packet.length && (packet[i] & 0xFF) != 255) {
            int c = packet[i] & 0xFF;
            if (c == 0) {
                i++;
                continue;
            }
            int len = packet[i + 1] & 0xFF;
            if (c == code) {
                return java.util.Arrays.copyOfRange(packet, i + 2, i + 2 + len);
            }
            i += 2 + len;
        }
        return new byte[0];
    }

    @Override
    public void close() {
        socket.close();
    }
}
