package org.netlever.examples.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * Two network namespaces the test creates, joined by a veth pair — one for the DHCP server, one for the relay agent
 * — so that the lab's addresses stay off the host (several checkouts may test at once) when netlever itself needs no
 * network, as a lease-file follower does:
 * <pre>
 *   namespace "nl-r-xxxx"                | namespace "nl-s-xxxx"
 *   203.0.113.1/24, 198.51.100.1/24      | 203.0.113.2/24 (DHCP server)
 *   (relay: {@link DhcpRelayAgent}       | route 198.51.100.0/24 via 203.0.113.1
 *   in a JVM started there, {@link Main})|
 * </pre>
 */
final class IsolatedDhcpLab implements AutoCloseable {

    private final NetnsLab server;
    private final String relayNamespace;

    private IsolatedDhcpLab(NetnsLab server, String relayNamespace) {
        this.server = server;
        this.relayNamespace = relayNamespace;
    }

    static IsolatedDhcpLab create() throws IOException, InterruptedException {
        Peers.requireRoot();
        Peers.require("ip", "iproute2");
        String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt()});
        String relay = "nl-r-" + suffix;
        String outer = "nlr" + suffix + "o";
        NetnsLab.output("ip", "netns", "add", relay);
        try {
            NetnsLab lab = NetnsLab.isolated(suffix, relay, outer);
            return new IsolatedDhcpLab(lab, relay);
        } catch (IOException | InterruptedException | AssertionError e) {
            new ProcessBuilder("ip", "netns", "del", relay).start().waitFor();
            throw e;
        }
    }

    /** The server's namespace. */
    NetnsLab server() {
        return server;
    }

    /** The address the server acknowledged, and its server identifier. */
    record Lease(Ipv4Address ip, String serverId) {
        DhcpRelayAgent.Ack ack() {
            return new DhcpRelayAgent.Ack(ip, HexFormat.of().parseHex(serverId));
        }
    }

    /** DORA for a client behind the relay, run in the relay's namespace. */
    Lease lease(MacAddress client, RelayAgentInformation option82) throws IOException, InterruptedException {
        String[] out = relay("lease", client.toString(), option82.toHex()).strip().split(" ");
        return new Lease(Ipv4Address.parse(out[0]), out[1]);
    }

    /** The client's DHCPRELEASE. */
    void release(MacAddress client, Lease lease) throws IOException, InterruptedException {
        relay("release", client.toString(), lease.ip().toString(), lease.serverId());
    }

    private String relay(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", relayNamespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return NetnsLab.output(command.toArray(new String[0]));
    }

    @Override
    public void close() {
        server.close();
        try {
            new ProcessBuilder("ip", "netns", "del", relayNamespace).start().waitFor();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The relay agent in the relay's namespace: {@code lease MAC OPTION82HEX} or {@code release MAC IP SERVERID}. */
    static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws IOException {
            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                MacAddress client = MacAddress.parse(args[1]);
                if (args[0].equals("lease")) {
                    DhcpRelayAgent.Ack ack = relay.lease(client, RelayAgentInformation.parse(args[2]));
                    System.out.println(ack.ip() + " " + HexFormat.of().formatHex(ack.serverId()));
                } else {
                    relay.release(client, new DhcpRelayAgent.Ack(Ipv4Address.parse(args[2]),
                            HexFormat.of().parseHex(args[3])));
                }
            }
        }
    }
}
