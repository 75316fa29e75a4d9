package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ExampleConfig;

/**
 * A BRAS for tests of {@code netlever serve}'s PCRF (S3): its CoA listener on loopback, which acknowledges every
 * request and keeps it, and RADIUS clients of serve's BRAS listener as the BRAS is; serve started from the example
 * configuration with its {@code bras.coa} entry naming this BRAS. Not thread-safe: one per test.
 */
final class BrasFixture implements AutoCloseable {

    /** The example's PCRF subscriber (on {@code limitTP}, in Yekaterinburg). */
    static final String USER = "79139001234";

    /** The CoA requests the BRAS received. */
    final List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
    private final RadiusServer coa;
    private NetleverServer server;

    BrasFixture() {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        coa = RadiusServer.builder().authAddress(any).acctAddress(any).coaAddress(any)
                .client(RadiusClientDefinition.of("netlever", "127.0.0.1", ExampleConfig.BRAS_SECRET))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start();
    }

    /** @return a test clock at Monday 2026-11-23 09:00 in Yekaterinburg, the subscriber's zone */
    static MutableClock mondayMorning() {
        return new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
                ZoneId.of("Asia/Yekaterinburg")).toInstant());
    }

    /**
     * Starts serve from the example, its {@code bras.coa} entry named {@code nas}.
     *
     * @param dir where the configuration is written
     * @param clock serve's clock
     * @param nas how {@code bras.coa} names this BRAS
     * @return the server, closed with this fixture
     */
    NetleverServer serve(Path dir, Clock clock, String nas) {
        Path file = ExampleConfig.in(dir).brasCoaPort(coa.coaAddress().orElseThrow().getPort()).write();
        try {
            String yaml = Files.readString(file);
            assertThat(yaml).contains("    - nas: esr-1\n");
            Files.writeString(file, yaml.replace("    - nas: esr-1\n", "    - nas: " + nas + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = NetleverServer.start(ServeConfigReader.read(file), clock);
        return server;
    }

    /** @return a RADIUS client of serve's BRAS listener, as the BRAS is */
    RadiusClient client() {
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(definition(server.brasAuthAddress(), ServerKind.ACCESS))
                .accountingServer(definition(server.brasAcctAddress(), ServerKind.ACCOUNTING)).build();
    }

    private static RadiusServerDefinition definition(InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition("netlever", address, kind, RadiusSecret.of(ExampleConfig.BRAS_SECRET), 1,
                Duration.ofMillis(500), Duration.ofSeconds(30), true);
    }

    /**
     * The reply of an exchange that was answered.
     *
     * @param outcome the exchange's outcome
     * @return the reply
     */
    static RadiusPacket answered(RadiusOutcome outcome) {
        assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        return ((RadiusOutcome.Answered) outcome).reply();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        coa.close();
    }
}
