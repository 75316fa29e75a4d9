package org.netlever.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.pcrf.AccountingResult;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ServiceGrant;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.pcrf.bras.PlanDirectory;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;

/** The README's pcrf-engine tour, compiled and run (see {@link ReadmeTourTest}). */
class PcrfTourTest {

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();

    @Test
    @DisplayName("S3.1-S3.10 the pcrf tour loads the seed, serves a BRAS and tells it services-reauth")
    void pcrfTour() throws Exception {
        List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
        try (RadiusServer bras = RadiusServer.builder()          // stands in for the BRAS's CoA listener
                .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .coaAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .client(RadiusClientDefinition.of("pcrf", "127.0.0.1", "s3cret-shared-with-the-bras"))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start()) {
            int brasCoaPort = bras.coaAddress().orElseThrow().getPort();
            Path file = ROOT.resolve("examples/pcrf/limit-2h-1gb.json");

            // Services, URL lists, scenarios, tariff plans and domains (S3.1-S3.6); every problem is reported at once.
            PcrfDefinitions definitions = DefinitionsJson.read(file);   // examples/pcrf/limit-2h-1gb.json
            Database db = Database.h2InMemory();                          // or your PostgreSQL: Database.of(dataSource)
            CoaClient coa = CoaClient.bound(InetAddress.getLoopbackAddress());
            PcrfEngine engine = PcrfEngine.builder(db, definitions)
                    // tell the BRAS's CoA listener (brasCoaPort: 3799 by RFC 5176) what changed
                    .notifier(CoaBrasNotifier.single(coa, RadiusServerDefinition.of("esr-1", "127.0.0.1",
                            brasCoaPort, ServerKind.DYNAMIC_AUTHORIZATION, "s3cret-shared-with-the-bras")))
                    .build()
                    .start();                           // the timer fires each cron limit at its moment
            engine.attach("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP");   // zone: Asia/Yekaterinburg

            // The BRAS's RADIUS front: session and service requests, per-service accounting (Eltex-AVPair by default).
            RadiusServer front = RadiusServer.builder()
                    .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .client(RadiusClientDefinition.of("esr-1", "127.0.0.1", "s3cret-shared-with-the-bras"))
                    .handler(new BrasHandler(engine, PlanDirectory.of(Map.of("79139001234",
                            new PlanDirectory.Assignment("Auto1_test.Sibir.OTT.root", "limitTP")))))
                    .start();

            // What the front does with the BRAS's accounting, called directly:
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "esr-session-1", "79139001234",
                    "limit2h1Gb", "esr-1", Duration.ZERO, 0, 0, true));
            AccountingResult used = engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM,
                    "esr-session-1", "79139001234", "limit2h1Gb", "esr-1", Duration.ofHours(2), 300_000_000L,
                    100_000_000L, true));
            // used.transition(): step 0 -> 1 (TIME_QUOTA), and a CoA services-reauth goes to esr-1
            ServiceGrant now = engine.currentService("79139001234").orElseThrow();
            // now.service(): "blocking" - redirect, white list - until 07:00 Yekaterinburg on the next weekday

            try {
                assertThat(used.transition()).hasValueSatisfying(t -> {
                    assertThat(t.reason()).isEqualTo(TransitionReason.TIME_QUOTA);
                    assertThat(t.toStep()).isEqualTo(1);
                });
                assertThat(now.service().name()).isEqualTo("blocking");
                assertThat(now.quota().nextCronLocal()).hasValueSatisfying(at -> {
                    assertThat(at.getHour()).isEqualTo(7);
                    assertThat(at.getZone().getId()).isEqualTo("Asia/Yekaterinburg");
                });
                Await.until("the BRAS receives services-reauth", () -> coas.size() == 1);
                assertThat(coas.get(0).avPair(AttributeType.ELTEX_AVPAIR, "command")).hasValue("services-reauth");
                assertThat(coas.get(0).string(AttributeType.ACCT_SESSION_ID)).hasValue("esr-session-1");
                assertThat(front.authAddress().getPort()).isPositive();
            } finally {
                front.close();
                engine.close();
                coa.close();
                db.close();
            }
        }
    }
}
