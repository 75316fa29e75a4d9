package org.netlever.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
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
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.pcrf.AccountingResult;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.ServiceGrant;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.pcrf.bras.PlanDirectory;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.softwlc.ImportReport;
import org.netlever.pcrf.softwlc.SoftWlcImport;
import org.postgresql.ds.PGSimpleDataSource;

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

    /** What each process runs: the README's failover block. */
    private static PcrfLeadership join(Database db, PcrfDefinitions definitions, BrasNotifier notifier) {
        // Each process on the shared PostgreSQL runs this; the holder of an advisory lock runs the engine.
        PcrfLeadership leadership = PcrfLeadership.builder(db, fence -> PcrfEngine.builder(db, definitions)
                        .fence(fence)           // every write checks that this process still owns the state
                        .notifier(notifier)
                        .build()
                        .start())
                .start();                       // a standby tries to take over every 2 s (retry)
        leadership.engine();                    // the engine while this process leads, empty on a standby
        return leadership;
    }

    private static Database process(String url) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser("postgres");
        return Database.of(pg);
    }

    @Test
    @DisplayName("S3 the pcrf failover tour: one of two processes runs the engine, the other takes over its state")
    void pcrfFailoverTour() {
        String url = DatabaseKind.newPostgresUrl();
        PcrfDefinitions definitions = DefinitionsJson.read(ROOT.resolve("examples/pcrf/limit-2h-1gb.json"));
        List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
        try (Database one = process(url); Database two = process(url)) {
            PcrfLeadership first = join(one, definitions, told::add);
            PcrfLeadership second = join(two, definitions, told::add);
            try {
                assertThat(first.engine()).isPresent();
                assertThat(second.engine()).as("a standby").isEmpty();
                first.engine().orElseThrow().attach("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP");

                first.close();   // or the process dies, or its database session ends
                Await.until("the standby takes over", Duration.ofSeconds(15), second::isLeader);
                assertThat(second.engine().orElseThrow().state("79139001234")).as("loaded from the store")
                        .isPresent();
            } finally {
                second.close();
                first.close();
            }
        }
    }

    @Test
    @DisplayName("S3.7 the SoftWLC tour imports the seed's scripts and service documents into an engine")
    void softWlcTour() {
        PcrfDefinitions definitions = DefinitionsJson.read(ROOT.resolve("examples/pcrf/limit-2h-1gb.json"));
        Path vectors = ROOT.resolve("pcrf-engine/src/test/resources/org/netlever/pcrf/softwlc");
        Path scripts = vectors.resolve("seed-scripts.relaxed.json");
        Path services = vectors.resolve("seed-service.relaxed.json");
        try (Database db = Database.h2InMemory(); PcrfEngine engine = PcrfEngine.builder(db, definitions).build()) {
            // mongoexport --db pcrf --collection scripts --out scripts.json; the same for service
            ImportReport report = SoftWlcImport.builder(definitions)
                    .zones(Map.of("EKB", ZoneId.of("Asia/Yekaterinburg")))   // the installation's own abbreviations
                    .build()
                    .run(engine, scripts, services);
            report.lines().forEach(System.out::println);   // imported, kept, skipped with file:line user_name: why
            // engine.state("79139001234"): scenario limit, step 0, 2 h and 1 GiB left, reset 07:00 YEKT

            assertThat(report.lines()).containsExactly("imported 79139001234 on limitTP, step 0",
                    "1 imported, 0 kept, 0 skipped");
            assertThat(engine.state("79139001234").orElseThrow().scenario()).isEqualTo("limit");
        }
    }
}
