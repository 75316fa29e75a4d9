package org.netlever.examples.e2e;

import java.io.IOException;
import java.util.List;

/**
 * A plain DHCP relay between a client and the DHCP server of a {@link NetnsLab}, each in a namespace of its own:
 * <pre>
 *   client namespace          | relay namespace             | the lab's server namespace
 *   (no address)  ----------- 192.0.2.129/25 (downstream)   |
 *                             | 192.0.2.1/25 (upstream) --- 192.0.2.2/25, route 192.0.2.128/25 via 192.0.2.1
 * </pre>
 * The relay forwards the client's broadcasts to 192.0.2.2 with giaddr 192.0.2.129. Only documentation addresses
 * (192.0.2.0/24), and only inside the three namespaces: none reaches the test's own namespace, so the host may use
 * 192.0.2.0/24 itself. Closing stops the lab's processes and removes both namespaces.
 */
final class RelayLab implements AutoCloseable {

    /** The server's address on the relay's upstream link. */
    static final String SERVER = "192.0.2.2";
    /** The relay's upstream address. */
    static final String RELAY_UP = "192.0.2.1";
    /** The relay's downstream address: the giaddr it writes. */
    static final String GIADDR = "192.0.2.129";

    final String relayNamespace;
    final String clientNamespace;
    /** The server's end of the upstream link, in the lab's server namespace. */
    final String serverSide;
    final String upstream;
    /** The relay's downstream interface: what {@code dhcrelay -a} writes as the circuit-id. */
    final String downstream;
    final String clientSide;
    private final NetnsLab lab;

    private RelayLab(NetnsLab lab, String suffix) {
        this.lab = lab;
        this.relayNamespace = "nl-rl-" + suffix;
        this.clientNamespace = "nl-cl-" + suffix;
        this.serverSide = "nlr" + suffix + "s";
        this.upstream = "nlr" + suffix + "u";
        this.downstream = "nlr" + suffix + "d";
        this.clientSide = "nlr" + suffix + "c";
    }

    static RelayLab create(NetnsLab lab) throws IOException, InterruptedException {
        RelayLab relay = new RelayLab(lab, lab.namespace.substring("nl-e2e-".length()));
        try {
            NetnsLab.ip("netns", "add", relay.relayNamespace);
            NetnsLab.ip("netns", "add", relay.clientNamespace);
            NetnsLab.ip("link", "add", relay.serverSide, "type", "veth", "peer", "name", relay.upstream);
            NetnsLab.ip("link", "set", relay.serverSide, "netns", lab.namespace);
            NetnsLab.ip("link", "set", relay.upstream, "netns", relay.relayNamespace);
            NetnsLab.ip("link", "add", relay.downstream, "type", "veth", "peer", "name", relay.clientSide);
            NetnsLab.ip("link", "set", relay.downstream, "netns", relay.relayNamespace);
            NetnsLab.ip("link", "set", relay.clientSide, "netns", relay.clientNamespace);
            NetnsLab.ip("-n", lab.namespace, "addr", "add", SERVER + "/25", "dev", relay.serverSide);
            NetnsLab.ip("-n", lab.namespace, "link", "set", relay.serverSide, "up");
            NetnsLab.ip("-n", lab.namespace, "route", "add", "192.0.2.128/25", "via", RELAY_UP);
            NetnsLab.ip("-n", relay.relayNamespace, "addr", "add", RELAY_UP + "/25", "dev", relay.upstream);
            NetnsLab.ip("-n", relay.relayNamespace, "addr", "add", GIADDR + "/25", "dev", relay.downstream);
            for (String link : List.of(relay.upstream, relay.downstream, "lo")) {
                NetnsLab.ip("-n", relay.relayNamespace, "link", "set", link, "up");
            }
            NetnsLab.ip("-n", relay.clientNamespace, "link", "set", relay.clientSide, "up");
            NetnsLab.ip("-n", relay.clientNamespace, "link", "set", "lo", "up");
            // The client has no address yet; its broadcasts leave by its only link.
            NetnsLab.ip("-n", relay.clientNamespace, "route", "add", "default", "dev", relay.clientSide);
        } catch (IOException | InterruptedException | AssertionError e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    /** Runs a command in the client's namespace to completion and returns its output. */
    String execClient(String... command) throws IOException, InterruptedException {
        return NetnsLab.execIn(clientNamespace, command);
    }

    @Override
    public void close() {
        lab.stopProcesses();
        NetnsLab.quietly("ip", "netns", "del", clientNamespace);
        NetnsLab.quietly("ip", "netns", "del", relayNamespace);
        NetnsLab.quietly("ip", "-n", lab.namespace, "link", "del", serverSide);
    }
}
