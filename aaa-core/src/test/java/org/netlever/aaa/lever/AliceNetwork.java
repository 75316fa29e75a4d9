package org.netlever.aaa.lever;

import java.time.Clock;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.store.Database;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;

/**
 * The lever tests' network: D-Link switch sw-1 (remote-id f8:e9:03:e7:55:a6) with alice on port 5, and pool
 * internet-1 (198.51.100.0/24) for her.
 */
final class AliceNetwork {

    private AliceNetwork() {
    }

    static LeaseService leases(Database db, Clock clock) {
        IpPools pools = new IpPools(db, clock);
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet").build());
        DeviceResolver devices = new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(
                Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6"))));
        return LeaseService.builder(db).devices(devices).pools(pools).clock(clock)
                .subscribers(new InMemorySubscriberDirectory().bind("sw-1", Subscriber.onPort("alice", 5, "internet")))
                .build();
    }
}
