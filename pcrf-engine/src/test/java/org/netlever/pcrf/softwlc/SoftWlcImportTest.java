package org.netlever.pcrf.softwlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.Seed;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * S3.7: reading SoftWLC's exports — both Extended JSON forms of the seed's documents, and every way a line can be
 * wrong, each reported with its line and user_name while the rest is imported. (The stored part, on H2 and
 * PostgreSQL, is {@link SoftWlcImportStoredTest}.)
 */
class SoftWlcImportTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String SCRIPT = "{\"_id\":\"a\",\"domain\":\"Auto1_test.Sibir.OTT.root\",\"title\":\"limit\","
            + "\"user_name\":\"%s\",\"step\":%s}";
    private static final String SERVICE = "{\"_id\":\"b\",\"user_domain\":\"Auto1_test.Sibir.OTT.root\","
            + "\"user_name\":\"%s\",\"service_list\":{%s}}";

    private DatabaseKind.TestDatabase db;
    private PcrfEngine engine;

    @BeforeEach
    void setUp() {
        db = DatabaseKind.H2.open();
        engine = PcrfEngine.builder(db.database(), Seed.definitions())
                .clock(new MutableClock(Instant.parse("2019-06-24T01:30:00Z"))).build();   // 06:30 YEKT, Monday
    }

    @AfterEach
    void tearDown() {
        engine.close();
        db.close();
    }

    private static String script(String user, String step) {
        return String.format(SCRIPT, user, step);
    }

    private static String service(String user, String list) {
        return String.format(SERVICE, user, list);
    }

    private ImportReport run(String scripts, String services) {
        return Exports.run(SoftWlcImport.builder(Seed.definitions()).build(), engine, scripts, services);
    }

    @Test
    @DisplayName("S3.7: the seed's documents, relaxed and canonical, give its state: limit step 0, quotas, 07:00 YEKT")
    void seedDocuments_relaxedAndCanonical_giveTheSameState() {
        ImportReport relaxed = run(Exports.vector("seed-scripts.relaxed.json"),
                Exports.vector("seed-service.relaxed.json"));
        assertThat(relaxed.complete()).as(relaxed.lines().toString()).isTrue();
        assertThat(relaxed.imported()).containsExactly(new ImportReport.Imported("79139001234", "limitTP", 0));
        SubscriberState fromRelaxed = engine.state("79139001234").orElseThrow();

        ImportReport canonical = Exports.run(SoftWlcImport.builder(Seed.definitions()).overwrite(true).build(),
                engine, Exports.vector("seed-scripts.canonical.json"), Exports.vector("seed-service.canonical.json"));
        assertThat(canonical.imported()).as(canonical.lines().toString()).hasSize(1);
        assertThat(engine.state("79139001234")).hasValue(fromRelaxed);

        assertThat(fromRelaxed.scenario()).isEqualTo("limit");
        assertThat(fromRelaxed.domain()).isEqualTo("Auto1_test.Sibir.OTT.root");
        assertThat(fromRelaxed.zone()).isEqualTo(YEKT);
        assertThat(fromRelaxed.step()).isZero();
        assertThat(fromRelaxed.current().remainingTime()).hasValue(Duration.ofSeconds(7200));
        assertThat(fromRelaxed.current().remainingVolume()).hasValue(1073741824L);
        assertThat(fromRelaxed.steps().get(1).nextCronLocal()).hasValueSatisfying(at ->
                assertThat(at.toString()).isEqualTo("2019-06-24T07:00+05:00[Asia/Yekaterinburg]"));
    }

    @Test
    @DisplayName("S3.7: broken lines and documents are skipped with line, user_name and reason; the rest imported")
    void malformedDocuments_areReportedByLine_theRestImported() {
        String scripts = String.join("\n",
                script("ok-1", "0"),                                                       // 1
                "{\"user_name\": \"broken\", ",                                            // 2
                "",                                                                        // 3
                "[" + script("in-array", "0") + "]",                                       // 4
                script("text-step", "\"0\""),                                              // 5
                script("no-such-scenario", "0").replace("\"limit\"", "\"limit5Gb\""),      // 6
                "{\"_id\":\"x\",\"domain\":\"root\",\"title\":\"limit\",\"step\":0}",      // 7
                script("ok-1", "1"),                                                       // 8
                script("past", "3"),                                                       // 9
                script("unknown-service", "0"),                                            // 10
                script("bad-zone", "1"),                                                   // 11
                script("negative", "0"),                                                   // 12
                script("volume-on-blocking", "1"),                                         // 13
                script("too-much", "0"),                                                   // 14
                script("other-domain", "0"),                                               // 15
                script("ok-2", "{\"$numberInt\":\"1\"}"),                                  // 16
                script("other-service-domain", "0"),                               // 17
                "42");                                                                     // 18
        String services = String.join("\n",
                service("unknown-service", "\"limit5Gb\":{\"quota_volume\":1}"),           // 1
                service("bad-zone", "\"blocking\":{\"quota_cron\":\"06/24/2019 - 07:00:00 EKB\"}"),   // 2
                service("negative", "\"limit2h1Gb\":{\"quota_time\":{\"$numberLong\":\"-1\"}}"),     // 3
                service("volume-on-blocking", "\"blocking\":{\"quota_volume\":5}"),        // 4
                service("too-much", "\"limit2h1Gb\":{\"quota_volume\":1073741825}"),       // 5
                service("other-domain", "").replace("Auto1_test.", ""),                   // 6
                service("orphan", ""),                                                     // 7
                service("ok-2", "\"blocking\":{\"service_domain\":\"root\",\"quota_cron\":"
                        + "\"2019-06-25T07:00:00+05:00[Asia/Yekaterinburg]\"}"),             // 8
                service("other-service-domain", "\"limit2h1Gb\":{\"service_domain\":\"Sibir.OTT.root\"}"),  // 9
                service("ok-2", ""));                                                      // 10
        ImportReport report = run(scripts, services);

        assertThat(report.imported()).containsExactly(new ImportReport.Imported("ok-1", "limitTP", 0),
                new ImportReport.Imported("ok-2", "limitTP", 1));
        assertThat(report.skipped().get(0).toString()).as("Jackson's own words follow")
                .startsWith("scripts.json:2: not JSON: Unexpected end-of-input");
        assertThat(report.skipped().subList(1, report.skipped().size())).extracting(Object::toString).containsExactly(
                "scripts.json:4: a JSON array: export one document a line (mongoexport without --jsonArray)",
                "scripts.json:5 text-step: 'step' is not an integer: \"0\"",
                "scripts.json:6 no-such-scenario: scenario 'limit5Gb' is not in the definitions (they have limit)",
                "scripts.json:7: 'user_name' is missing",
                "scripts.json:8 ok-1: a second scripts document for this user_name (the first is on line 1, imported "
                        + "if nothing else is wrong with it)",
                "scripts.json:9 past: step 3 is not a step of scenario 'limit' (0 to 2, the last being again)",
                "scripts.json:18: not a JSON document: 42",
                "service.json:1 unknown-service: service 'limit5Gb' is not in scenario 'limit' (limit2h1Gb, blocking)",
                "service.json:2 bad-zone: service 'blocking': reset moment '06/24/2019 - 07:00:00 EKB': zone "
                        + "abbreviation 'EKB' is not known; netlever reads an offset (+0500) or IRKT, KALT, KRAT, "
                        + "MAGT, MSK, NOVT, OMST, PETT, SAMT, VLAT, YAKT, YEKT, and abbreviations are ambiguous in "
                        + "general: map 'EKB' to its region in the installation's table",
                "service.json:3 negative: service 'limit2h1Gb': the remaining time is negative: -1 s",
                "service.json:4 volume-on-blocking: subscriber 'volume-on-blocking', step 1 (blocking): the service "
                        + "has no volume quota, the seed has 5 left",
                "service.json:5 too-much: subscriber 'too-much', step 0 (limit2h1Gb): 1073741825 left is more than "
                        + "the service's volume quota of 1073741824",
                "service.json:6 other-domain: user_domain 'Sibir.OTT.root' is not the scripts document's domain "
                        + "'Auto1_test.Sibir.OTT.root' (line 15)",
                "service.json:7 orphan: no scripts document for this user_name, so no scenario or step",
                "service.json:9 other-service-domain: service 'limit2h1Gb' is of service_domain 'Sibir.OTT.root', "
                        + "netlever's is of 'root'",
                "service.json:10 ok-2: a second service document for this user_name (the first is on line 8)");
        assertThat(engine.subscriberCount()).as("nothing of a skipped subscriber is stored").isEqualTo(2);
        SubscriberState ok2 = engine.state("ok-2").orElseThrow();
        assertThat(ok2.step()).isEqualTo(1);
        assertThat(ok2.steps().get(1).nextCron()).hasValue(Instant.parse("2019-06-25T02:00:00Z"));
        assertThat(ok2.steps().get(0).remainingVolume()).as("no value in the export: armed afresh")
                .hasValue(1073741824L);
        assertThat(report.lines()).last().isEqualTo("2 imported, 0 kept, 17 skipped");
    }

    @Test
    @DisplayName("S3.5/S3.7: an installation's abbreviation resolves a quota_cron netlever's table does not know")
    void zones_installationAbbreviation_resolvesTheResetMoment() {
        String scripts = script("ekb", "1");
        String services = service("ekb", "\"blocking\":{\"quota_cron\":\"06/24/2019 - 07:00:00 EKB\"}");
        assertThat(run(scripts, services).imported()).isEmpty();
        ImportReport report = Exports.run(SoftWlcImport.builder(Seed.definitions()).zones(Map.of("EKB", YEKT))
                .build(), engine, scripts, services);
        assertThat(report.imported()).containsExactly(new ImportReport.Imported("ekb", "limitTP", 1));
        assertThat(engine.state("ekb").orElseThrow().steps().get(1).nextCron())
                .hasValue(Instant.parse("2019-06-24T02:00:00Z"));
    }

    @Test
    @DisplayName("S3.4/S3.7: SoftWLC's again step imports as step 0 with every limit armed afresh")
    void againStep_importsAsStepZeroFresh() {
        ImportReport report = run(script("again", "2"), service("again",
                "\"limit2h1Gb\":{\"quota_time\":0,\"quota_volume\":0}"));
        assertThat(report.imported()).containsExactly(new ImportReport.Imported("again", "limitTP", 0));
        SubscriberState state = engine.state("again").orElseThrow();
        assertThat(state.current().remainingTime()).hasValue(Duration.ofHours(2));
        assertThat(state.steps().get(1).nextCron()).as("next 07:00 YEKT after 06:30")
                .hasValue(Instant.parse("2019-06-24T02:00:00Z"));
    }

    @Test
    @DisplayName("S3.6/S3.7: a scenario several plans bind needs its plan named; a plan of another scenario is refused")
    void tariffPlan_severalBindTheScenario_mustBeNamed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode file = (ObjectNode) json.readTree(Seed.FILE.toFile());
        file.withArray("tariffPlans").addObject().put("name", "limitTP2").put("code", "limitTP2")
                .put("domain", "root").put("scenario", "limit").put("sessionLifetime", "PT12H");
        PcrfDefinitions two = DefinitionsJson.read(new ByteArrayInputStream(json.writeValueAsBytes(file)));
        try (PcrfEngine other = PcrfEngine.builder(DatabaseKind.H2.open().database(), two).build()) {
            String scripts = script("79139001234", "0");
            ImportReport ambiguous = Exports.run(SoftWlcImport.builder(two).build(), other, scripts, "");
            assertThat(ambiguous.skipped()).extracting(ImportReport.Skipped::reason).containsExactly(
                    "tariff plans limitTP, limitTP2 all bind scenario 'limit'; name the one to use for it");
            ImportReport named = Exports.run(SoftWlcImport.builder(two).tariffPlan("limit", "limitTP2").build(),
                    other, scripts, "");
            assertThat(named.imported()).containsExactly(new ImportReport.Imported("79139001234", "limitTP2", 0));
        }
        assertThatThrownBy(() -> SoftWlcImport.builder(two).tariffPlan("other", "limitTP"))
                .isInstanceOf(PcrfException.class)
                .hasMessage("tariff plan 'limitTP' binds scenario 'limit', not 'other'");
    }
}
