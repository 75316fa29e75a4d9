package org.netlever.examples.tour;

import java.util.Optional;
import org.netlever.aaa.call.AnswerOutcome;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.BypassList;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.call.InMemoryCallAccounting;
import org.netlever.aaa.call.ReleaseOutcome;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusServer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.dhcp.IscDhcpdEvents;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseOutcome;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.LoggingNasSync;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.device.Resolution;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.Option82ParseException;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.TextForm;

/**
 * The README's five-minute tour, compiled and run. Every {@code <!-- tour: ... -->} code block in README.md must
 * appear verbatim (up to indentation) in this package's test sources, so the README cannot drift from code that
 * compiles and does what its comments say.
 */
class ReadmeTourTest {

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();

    @Test
    @DisplayName("every README tour block is code in this package's tests")
    void readmeTourBlocks_appearInCompiledTests() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("<!-- tour: ([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String tests;
        try (Stream<Path> files = Files.list(ROOT.resolve("examples/src/test/java/org/netlever/examples/tour"))) {
            tests = normalize(files.map(ReadmeTourTest::read).collect(Collectors.joining("\n")));
        }
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
            assertThat(tests).as("README tour block '%s' is compiled in the tour tests", m.group(1))
                    .contains(normalize(m.group(2)));
        }
        assertThat(blocks).containsExactly("option82", "device-spi", "custom-manager", "custom-manager-registration",
                "aaa-core", "radius", "pcrf", "pcrf-failover", "pcrf-softwlc");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    @DisplayName("S1.4 the option82 tour does what its comments say")
    void option82Tour() {
        // What Kea's run_script hook passes in QUERY4_OPTION_82: the option payload as 0x hex.
        RelayAgentInformation info = RelayAgentInformation.parse("0x010600040098000502080006F8E903E755A6");
        DeviceLocation location = Option82Decoders.autoDetect().decodeOrThrow(info);
        location.deviceMac();   // Optional[f8:e9:03:e7:55:a6]   the switch (S1.4)
        location.port();        // OptionalInt[5]                 the port the request came in on
        location.vlan();        // OptionalInt[152]
        location.decoder();     // "common-binary"                D-Link, Cisco, Edge-core, Eltex "custom"

        // ISC dhcpd's binary-to-ascii form and a text circuit-id from an SNR switch go through the same API.
        RelayAgentInformation snr = RelayAgentInformation.of(
                TextForm.decodeAny("\"Vlan10+Ethernet1/0/7\""), TextForm.decodeAny("0:3:f:aa:bb:cc"));
        Option82Decoders.autoDetect().decodeOrThrow(snr).port();   // OptionalInt[7], decoder "dcn"

        // Malformed input says what and where.
        try {
            RelayAgentInformation.parse("0x010600040064");
        } catch (Option82ParseException e) {
            e.offset();        // 1
            e.getMessage();    // "sub-option circuit-id(1) at offset 1: length 6 overruns the 4 byte(s) that remain"
        }

        assertThat(location.deviceMac()).contains(MacAddress.parse("f8:e9:03:e7:55:a6"));
        assertThat(location.port()).hasValue(5);
        assertThat(location.vlan()).hasValue(152);
        assertThat(location.decoder()).isEqualTo("common-binary");
        assertThat(Option82Decoders.autoDetect().decodeOrThrow(snr).port()).hasValue(7);
        assertThat(Option82Decoders.autoDetect().decodeOrThrow(snr).decoder()).isEqualTo("dcn");
        try {
            RelayAgentInformation.parse("0x010600040064");
            fail("the README says this is malformed");
        } catch (Option82ParseException e) {
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.getMessage())
                    .isEqualTo("sub-option circuit-id(1) at offset 1: length 6 overruns the 4 byte(s) that remain");
        }
    }

    @Test
    @DisplayName("S1.5-S1.7 the device-spi tour does what its comments say")
    void deviceSpiTour() {
        RelayAgentInformation info = RelayAgentInformation.parse("0x010600040098000502080006F8E903E755A6");

        DeviceManagers managers = DeviceManagers.builtIns();
        InMemoryDeviceDirectory devices = InMemoryDeviceDirectory.of(
                Device.of("sw-17", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6")),
                Device.builder("onu-9", BuiltInDeviceManagers.ZTE_ONU).serial("ZTEGC0288E70").build());
        DeviceResolver resolver = new DeviceResolver(managers, devices);

        Resolution atSwitch = resolver.resolve(info);   // the D-Link option above
        // Resolved: device sw-17, subscriberPort OptionalInt[5] -- a switch, so the port selects the subscriber (S1.7)

        Resolution atOnu = resolver.resolve(RelayAgentInformation.of(
                "ZTEGC0288E70".getBytes(US_ASCII), "45:47:c0:28:8e:70".getBytes(US_ASCII)));
        // Resolved: device onu-9, subscriberPort empty -- a PON ONU serves one subscriber

        Resolution stranger = resolver.resolve(RelayAgentInformation.parse("0x010600040064000302080006001B54C2A080"));
        // Rejected: UNKNOWN_DEVICE, "no registered device has mac 00:1b:54:c2:a0:80 (decoded by common-binary)" (S1.5)

        assertThat(atSwitch).isInstanceOfSatisfying(Resolution.Resolved.class, r -> {
            assertThat(r.device().id()).isEqualTo("sw-17");
            assertThat(r.subscriberPort()).hasValue(5);
        });
        assertThat(atOnu).isInstanceOfSatisfying(Resolution.Resolved.class, r -> {
            assertThat(r.device().id()).isEqualTo("onu-9");
            assertThat(r.subscriberPort()).isEmpty();
        });
        assertThat(stranger).isInstanceOfSatisfying(Resolution.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE);
            assertThat(r.detail())
                    .isEqualTo("no registered device has mac 00:1b:54:c2:a0:80 (decoded by common-binary)");
        });
    }

    @Test
    @DisplayName("S1.3 S1.8 the aaa-core tour keeps a lease and serves the lever")
    void aaaCoreTour(@TempDir Path dir) throws Exception {
        DeviceResolver resolver = new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(
                Device.of("sw-17", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6"))));
        Path secretFile = Files.writeString(dir.resolve("lever.secret"), "5b0e8c7d2a914f36b1e0d9c8a7f6e5d4\n");

        Database db = Database.h2InMemory();                   // or Database.of(yourPooledPostgresDataSource)
        IpPools pools = new IpPools(db, Clock.systemUTC());
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .gateway(Ipv4Address.parse("198.51.100.1")).build());
        LeaseService leases = LeaseService.builder(db)
                .devices(resolver)                                 // the DeviceResolver above
                .subscribers(new InMemorySubscriberDirectory()     // your billing implements SubscriberDirectory
                        .bind("sw-17", Subscriber.onPort("alice", 5, "internet")))
                .pools(pools)
                .build();

        // What dhcpd passes the lever on commit: EVENT IP MAC REMOTE_ID CIRCUIT_ID.
        LeaseOutcome outcome = leases.handle(IscDhcpdEvents.fromArguments(
                List.of("commit", "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"), Instant.now()));
        // Assigned: 198.51.100.10 is alice's; history row, event log row and NAS-sync row written in one transaction

        NasSyncWorker nas = NasSyncWorker.builder(db, new LoggingNasSync()).build().start(Duration.ofSeconds(1));
        LeverServer lever = LeverServer.builder(leases, LeverSecret.fromFile(secretFile))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))   // 127.0.0.1:8067 unless told
                .build().start();                                  // POST /lever/v1/events, GET /lever/v1/leases ...

        try {
            assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class,
                    a -> assertThat(a.lease().subscriberId()).isEqualTo("alice"));
            assertThat(leases.history(Ipv4Address.parse("198.51.100.10"), 5)).hasSize(1);
            assertThat(lever.address().getPort()).isPositive();
        } finally {
            lever.close();
            nas.close();
            db.close();
        }
    }

    @Test
    @DisplayName("S2.1-S2.9 the RADIUS tour serves a softswitch and makes a call through it")
    void radiusTour() {
        // Billing: serve routing, authorization and accounting to the softswitch (S2.2-S2.7).
        CallAaaHandler billing = CallAaaHandler.builder()
                .router(request -> RouteReply.unchanged())
                .authorizer(request -> request.called().digits().startsWith("8800")
                        ? AuthorizationDecision.acceptFor(Duration.ofMinutes(30))
                        : AuthorizationDecision.reject("no credit", H323ReturnCode.ZERO_BALANCE))
                .accounting(new InMemoryCallAccounting())             // your billing implements CallAccounting
                .build();
        RadiusServer server = RadiusServer.builder()
                .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))   // 127.0.0.1:1812 unless told
                .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))   // 127.0.0.1:1813 unless told
                .client(RadiusClientDefinition.of("ecss-10", "127.0.0.1", "s3cret-shared-with-ecss"))
                .handler(billing)
                .start();

        // The softswitch (S2.9): ordered server lists with failover, and the call policy on top.
        RadiusClient client = RadiusClient.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .accessServer(RadiusServerDefinition.of("billing", "127.0.0.1", server.authAddress().getPort(),
                        ServerKind.ACCESS, "s3cret-shared-with-ecss"))
                .accountingServer(RadiusServerDefinition.of("billing", "127.0.0.1", server.acctAddress().getPort(),
                        ServerKind.ACCOUNTING, "s3cret-shared-with-ecss"))
                .build();
        CallControl softswitch = CallControl.builder(client)
                .policy(CallPolicy.defaults().withBypass(BypassList.of("112")))   // if_radius_unavaliable
                .build();
        Call call = softswitch.newCall(CallSetup.of("74951234567", "88001234567"));
        AuthorizationOutcome authorized = call.authorize();       // Authorized, credit 1800 s
        AnswerOutcome answered = call.answer();                   // accounting Start, answered
        ReleaseOutcome released = call.release(Q850Cause.NORMAL_CLEARING);   // accounting Stop, answered
        AuthorizationOutcome emergency = softswitch.newCall(CallSetup.of("74951234567", "112")).authorize();
        // Bypassed: billing said "no credit", but 112 always goes through

        try {
            assertThat(authorized).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                    Duration.ofMinutes(30))));
            assertThat(answered).isInstanceOf(AnswerOutcome.Proceed.class);
            assertThat(released).isEqualTo(new ReleaseOutcome.StopSent());
            assertThat(emergency).isEqualTo(new AuthorizationOutcome.Bypassed("rejected: no credit"));
        } finally {
            client.close();
            server.close();
        }
    }

    @Test
    @DisplayName("S1.7 the custom-manager tour registers explicitly and by discovery")
    void customManagerTour() throws IOException {
        URL pluginJar = Path.of(System.getProperty("netlever.plugins", "target/plugins"))
                .resolve("netlever-example-custom-device-manager.jar").toUri().toURL();
        try (URLClassLoader pluginClassLoader = new URLClassLoader(new URL[] {pluginJar},
                getClass().getClassLoader())) {
            DeviceManagers explicit = DeviceManagers.builtIns().with(new AcmeSwitchManager());
            DeviceManagers discovered = DeviceManagers.builtIns().withDiscovered(pluginClassLoader);

            assertThat(explicit.get("acme-switch").option82Decoder().name()).isEqualTo("tp-link");
            assertThat(discovered.find("oring-switch")).isPresent();
        }
    }
}
