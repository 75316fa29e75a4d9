package org.netlever.pcrf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.netlever.pcrf.Seed;

/** S3.1–S3.6: the definitions format, the seed's example, and validation that reports every problem at once. */
class DefinitionsJsonTest {

    private static PcrfDefinitions read(String json) {
        return DefinitionsJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void seedExample_readsAsTheSeedDescribesIt() {
        PcrfDefinitions seed = Seed.definitions();

        PcrfService quota = seed.service("limit2h1Gb").orElseThrow();
        assertThat(quota.trafficClass()).isEqualTo("INTERNET");
        assertThat(quota.timeQuota()).hasValue(Duration.ofHours(2));
        assertThat(quota.volumeQuota()).hasValue(1_073_741_824L);
        assertThat(quota.interimInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(quota.priority()).isEqualTo(10);
        assertThat(quota.defaultAction()).isEqualTo(DefaultAction.permit());
        PcrfService blocking = seed.service("blocking").orElseThrow();
        assertThat(blocking.trafficClass()).isEqualTo("WELCOME");
        assertThat(blocking.defaultAction()).isEqualTo(DefaultAction.redirect(
                "http://10.10.5.50:9000/eltex_portal/access-denied.jsp"));
        assertThat(blocking.rules()).containsExactly(UrlRule.permit("welcome"), UrlRule.permit("white_list"));
        assertThat(blocking.cronLimit()).hasValue(new CronLimit("0 0 7 ? * MON-FRI"));
        assertThat(seed.scenario("limit").orElseThrow()).isEqualTo(new Scenario("limit",
                java.util.List.of("limit2h1Gb", "blocking"), true));
        assertThat(seed.tariffPlan("limitTP").orElseThrow().scenario()).isEqualTo("limit");
        assertThat(seed.domains().zoneOf("Auto1_test.Sibir.OTT.root")).isEqualTo(ZoneId.of("Asia/Yekaterinburg"));
        assertThat(seed.domains().zoneOf("Auto1_test.Ural.OTT.root")).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void urlLists_matchPlainPrefixesAndRegexes() {
        PcrfDefinitions seed = Seed.definitions();
        UrlList white = seed.urlList("white_list").orElseThrow();
        UrlList welcome = seed.urlList("welcome").orElseThrow();

        assertThat(white.matches("https://eltex-co.ru/")).isTrue();
        assertThat(white.matches("http://eltex-co.ru/products")).isTrue();
        assertThat(white.matches("https://eltex-co.ru.evil.example/")).isFalse();
        assertThat(white.matches("https://example.com/?u=https://eltex-co.ru/")).isFalse();
        assertThat(welcome.matches("HTTP://10.10.5.50:9000/eltex_portal/access-denied.jsp")).isTrue();
        assertThat(welcome.matches("http://10.10.5.50:9000/other/")).isFalse();
    }

    @Test
    void invalidDefinitions_reportEveryProblemWithItsField() {
        String json = """
                {
                  "domains": [ { "name": "Sibir.OTT.root", "timezone": "YEKT" } ],
                  "urlLists": [ { "name": "bad", "regexes": [ "([unclosed" ] } ],
                  "services": [
                    { "name": "forever", "trafficClass": "INTERNET" },
                    { "name": "cron", "cronLimit": "0 0 25 * * ?" },
                    { "name": "ruled", "timeQuota": "two hours", "rules": [ { "action": "permit", "list": "nope" } ] },
                    { "name": "typo", "timeQouta": 60 }
                  ],
                  "scenarios": [ { "name": "s", "steps": [ "forever", "missing", "again", "ruled" ] } ],
                  "tariffPlans": [ { "name": "tp", "scenario": "nowhere" } ],
                  "service": []
                }
                """;

        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(PcrfDefinitionException.class, e ->
                assertThat(e.problems()).extracting(DefinitionProblem::toString).anySatisfy(p -> assertThat(p)
                        .startsWith("domains[0].timezone: 'YEKT' is not an IANA region id"))
                        .anySatisfy(p -> assertThat(p).startsWith("urlLists[0].regexes[0]: not a Java regular "
                                + "expression"))
                        .anySatisfy(p -> assertThat(p).startsWith("services.cron.cronLimit: '0 0 25 * * ?' is not a "
                                + "Quartz cron expression"))
                        .anySatisfy(p -> assertThat(p).startsWith("services.ruled.timeQuota: 'two hours' is not an "
                                + "ISO-8601 duration"))
                        .anySatisfy(p -> assertThat(p).startsWith("services.typo.timeQouta: unknown field"))
                        .anySatisfy(p -> assertThat(p).startsWith("(document).service: unknown field"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("services.ruled.rules[0].list: no URL list named "
                                + "'nope'"))
                        .anySatisfy(p -> assertThat(p).startsWith("scenarios.s.steps[0]: service 'forever' has no "
                                + "time quota, volume quota or cron limit"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("scenarios.s.steps[1]: no service named "
                                + "'missing'"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("scenarios.s.steps[2]: \"again\" can only be the "
                                + "last step"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("tariffPlans.tp.scenario: no scenario named "
                                + "'nowhere'")));
    }

    @Test
    void malformedJson_isOneProblemWithItsPosition() {
        assertThatThrownBy(() -> read("{ \"services\": [ }")).isInstanceOf(PcrfDefinitionException.class)
                .hasMessageContaining("(document): not valid JSON at line 1");
    }
}
