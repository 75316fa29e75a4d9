package org.netlever.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;

/**
 * A lever endpoint for peer benchmarks (benchmarks/peers/run-lever-peers.sh): one D-Link switch
 * (f8:e9:03:e7:55:a6) whose port 5 subscriber takes every address of 198.51.100.0/24, H2 in memory. Prints
 * {@code ready} when listening, then once a second the number of events recorded so far, until killed.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.LeverTarget ADDRESS PORT SECRET_FILE [mem]</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class LeverTarget {

    private LeverTarget() {
    }

    /**
     * Runs the endpoint until the process is killed.
     *
     * @param args address, port, secret file
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        // The default storage of netlever serve: an H2 file, every commit on disk before it is answered. "mem" as the
        // fourth argument measures the endpoint alone on an in-memory database.
        boolean memory = args.length > 3 && args[3].equals("mem");
        Path dir = memory ? null : java.nio.file.Files.createTempDirectory("netlever-lever-bench");
        Database db = memory ? Database.h2InMemory() : Database.h2File(dir.resolve("leases"));
        IpPools pools = new IpPools(db, Clock.systemUTC());
        pools.add(IpPool.builder("bench", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .gateway(Ipv4Address.parse("198.51.100.1")).build());
        LeaseService leases = LeaseService.builder(db).pools(pools)
                .devices(new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(
                        Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6")))))
                .subscribers(new InMemorySubscriberDirectory().bind("sw-1", Subscriber.onPort("alice", 5, "internet")))
                .build();
        LeverServer server = LeverServer.builder(leases, LeverSecret.fromFile(Path.of(args[2])))
                .bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]))).build().start();
        System.out.println("ready " + server.address().getPort());
        System.out.flush();
        while (true) {
            Thread.sleep(1000);
            long events = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dhcp_event").mapTo(Long.class).one());
            long assigned = leases.allLeases().size();
            System.out.println("events " + events + " leases " + assigned);
            System.out.flush();
        }
    }
}
