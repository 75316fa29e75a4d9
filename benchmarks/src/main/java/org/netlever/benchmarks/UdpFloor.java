package org.netlever.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The least a Java RADIUS server can do per Access-Request, for benchmarks/peers/run-radius-peers.sh: one blocking
 * {@code recvfrom}, an empty Access-Accept with its Response Authenticator (one MD5), one {@code sendto}, on one
 * thread, with no verification, no duplicate cache, no attributes. Its CPU per request is the floor that the
 * kernel's UDP path and the JDK's channel leave; a real server's figure is read against it. Not a RADIUS server:
 * it answers anything.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.UdpFloor PORT SECRET</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class UdpFloor {

    private UdpFloor() {
    }

    /**
     * Answers on 127.0.0.1 until the process is killed.
     *
     * @param args port, shared secret
     * @throws Exception if it cannot bind
     */
    public static void main(String[] args) throws Exception {
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
            System.out.println("ready " + args[0]);
            System.out.flush();
            ByteBuffer in = ByteBuffer.allocateDirect(4096);
            ByteBuffer out = ByteBuffer.allocateDirect(20);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] reply = new byte[20];
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (in.position() < 20) {
                    continue;
                }
                reply[0] = 2;
                reply[1] = in.get(1);
                reply[3] = 20;
                for (int i = 0; i < 16; i++) {
                    reply[4 + i] = in.get(4 + i);
                }
                md5.reset();
                md5.update(reply, 0, 20);
                md5.update(secret);
                System.arraycopy(md5.digest(), 0, reply, 4, 16);
                out.clear();
                out.put(reply).flip();
                channel.send(out, from);
            }
        }
    }
}
