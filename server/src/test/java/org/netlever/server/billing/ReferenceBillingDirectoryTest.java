package org.netlever.server.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.tck.DirectoryCompatibilityKit;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.device.Device;
import org.netlever.server.ServeConfig;

/**
 * The reference billing passes the device and subscriber directory compatibility kit on H2 and a real PostgreSQL
 * (S1.5-S1.7): the kit's devices go in as an operator declares them in the configuration — by MAC, serial, host
 * name, relay address, relay address and interface (migration V7) — and come back exactly.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReferenceBillingDirectoryTest extends DirectoryCompatibilityKit {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;

    @BeforeEach
    void openDatabase() {
        testDb = kind.open();
    }

    @AfterEach
    void closeDatabase() {
        testDb.close();
    }

    @Override
    protected Directories load(List<Device> devices, List<Binding> bindings) {
        ReferenceBilling billing = new ReferenceBilling(testDb.database(),
                new MutableClock(Instant.parse("2026-12-01T20:00:00Z")));
        List<ServeConfig.Device> configured = devices.stream().map(d -> new ServeConfig.Device(d.id(), d.typeCode(),
                d.mac(), d.serial(), d.hostName(),
                d.relayAddress().map(a -> Ipv4Address.of((java.net.Inet4Address) a)), d.relayInterface())).toList();
        List<ServeConfig.Subscriber> subscribers = bindings.stream().map(b -> new ServeConfig.Subscriber(
                b.subscriber().id(), Optional.of(b.deviceId()), b.subscriber().devicePort(),
                b.subscriber().poolKind(), Optional.empty(), java.math.BigDecimal.ZERO, Optional.empty(),
                Optional.empty())).toList();
        billing.load(new ServeConfig.Billing(List.of(), configured, subscribers, List.of(), List.of()));
        return new Directories(billing, billing);
    }
}
