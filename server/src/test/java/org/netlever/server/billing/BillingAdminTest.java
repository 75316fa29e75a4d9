package org.netlever.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.option82.MacAddress;
import org.netlever.server.ServeConfig;

/**
 * The reference billing's entries written one at a time (issue 15, the admin API), on H2 and a real PostgreSQL: each
 * change with its record in the same transaction (V8), a subscriber's balance kept, deletes refused while something
 * depends on the entry, and changes listed newest first.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class BillingAdminTest {

    private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");
    private static final RadiusDictionary DICTIONARY = RadiusDictionary.standard();

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private ReferenceBilling billing;
    private BillingAdmin admin;
    private BillingChanges changes;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        clock = new MutableClock(T0);
        billing = new ReferenceBilling(testDb.database(), clock);
        billing.load(new ServeConfig.Billing(List.of(),
                List.of(new ServeConfig.Device("sw-1", "dlink-switch", Optional.of(MacAddress.parse("f8:e9:03:00:00:01")),
                        Optional.empty())),
                List.of(subscriber("alice", "74950000001", "100.00")),
                List.of(new ServeConfig.CallTariff("7", new BigDecimal("1.50"))),
                List.of(new ServeConfig.RateTariff("empty", List.of()))));
        admin = new BillingAdmin(testDb.database(), clock, new BillingJson(DICTIONARY));
        changes = new BillingChanges(testDb.database());
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private static ServeConfig.Subscriber subscriber(String id, String phone, String balance) {
        return new ServeConfig.Subscriber(id, Optional.of("sw-1"), OptionalInt.of(5), "dynamic", Optional.of(phone),
                new BigDecimal(balance), Optional.empty(), Optional.empty());
    }

    private List<BillingChanges.Change> all() {
        return changes.newestFirst(Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), 100);
    }

    @Test
    void putDevice_newThenReplaced_storedAndRecordedWithBeforeAndAfter() {
        ServeConfig.Device d = new ServeConfig.Device("sw-2", "dlink-switch",
                Optional.of(MacAddress.parse("f8:e9:03:00:00:02")), Optional.empty());
        assertThat(admin.putDevice(d, "admin")).isEqualTo(d);
        ServeConfig.Device moved = new ServeConfig.Device("sw-2", "dlink-switch",
                Optional.of(MacAddress.parse("f8:e9:03:00:00:03")), Optional.of("SN-1"));
        clock.advance(Duration.ofSeconds(1));
        admin.putDevice(moved, "ops");

        assertThat(admin.device("sw-2")).contains(moved);
        assertThat(billing.findByMac(MacAddress.parse("f8:e9:03:00:00:03"))).map(x -> x.id()).contains("sw-2");
        assertThat(billing.findByMac(MacAddress.parse("f8:e9:03:00:00:02"))).isEmpty();
        List<BillingChanges.Change> recorded = all();
        assertThat(recorded).extracting(BillingChanges.Change::token).containsExactly("ops", "admin");
        assertThat(recorded.get(0).at()).isEqualTo(T0.plusSeconds(1));
        assertThat(recorded.get(0).before()).map(b -> b.get("mac").asText()).contains("f8:e9:03:00:00:02");
        assertThat(recorded.get(0).after()).map(a -> a.get("serial").asText()).contains("SN-1");
        assertThat(recorded.get(1).before()).isEmpty();
        assertThat(recorded.get(1)).extracting(BillingChanges.Change::kind, BillingChanges.Change::key,
                BillingChanges.Change::action).containsExactly("device", "sw-2", "put");
    }

    @Test
    void deleteDevice_withSubscribersOnIt_conflictAndNothingRecorded() {
        assertThatThrownBy(() -> admin.deleteDevice("sw-1", "admin")).isInstanceOf(BillingAdmin.Conflict.class)
                .hasMessageContaining("alice");
        assertThat(admin.device("sw-1")).isPresent();
        assertThat(all()).isEmpty();
        assertThat(admin.deleteDevice("nope", "admin")).isFalse();
    }

    @Test
    void putSubscriber_existing_keepsTheBalanceTheCallsLeft() {
        billing.topUp("alice", new BigDecimal("5"));
        ServeConfig.Subscriber stored = admin.putSubscriber(subscriber("alice", "74950000009", "0.00"), "admin");
        assertThat(stored.balance()).isEqualByComparingTo("105.00");
        assertThat(stored.phone()).contains("74950000009");
        assertThat(admin.putSubscriber(subscriber("bob", "74950000002", "7.00"), "admin").balance())
                .isEqualByComparingTo("7.00");
        assertThat(admin.subscribers(Optional.empty(), 10)).extracting(ServeConfig.Subscriber::id)
                .containsExactly("alice", "bob");
        assertThat(admin.subscribers(Optional.of("alice"), 10)).extracting(ServeConfig.Subscriber::id)
                .containsExactly("bob");
    }

    @Test
    void putSubscriber_phoneOfAnother_conflictAndNothingChanged() {
        assertThatThrownBy(() -> admin.putSubscriber(subscriber("bob", "74950000001", "0"), "admin"))
                .isInstanceOf(BillingAdmin.Conflict.class).hasMessageContaining("alice");
        assertThat(admin.subscriber("bob")).isEmpty();
        assertThat(all()).isEmpty();
    }

    @Test
    void deleteSubscriber_withACallInProgress_conflict_thenDeletedOnceItExpired() {
        assertThat(CallRecords.authorize(billing, "c-1", "74950000001", "74951234567"))
                .isInstanceOf(AuthorizationDecision.Accept.class);
        assertThatThrownBy(() -> admin.deleteSubscriber("alice", "admin")).isInstanceOf(BillingAdmin.Conflict.class)
                .hasMessageContaining("1 call(s) in progress");
        clock.advance(ReferenceBilling.DEFAULT_RESERVATION_TTL.plusSeconds(1));
        assertThat(admin.deleteSubscriber("alice", "admin")).isTrue();
        assertThat(admin.subscriber("alice")).isEmpty();
        assertThat(all()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("delete");
            assertThat(c.after()).isEmpty();
            assertThat(c.before()).map(b -> b.get("balance").asText()).contains("100.0000");
        });
    }

    @Test
    void topUp_addsAndRecords_unknownIsEmpty() {
        assertThat(admin.topUp("alice", new BigDecimal("2.50"), "desk")).map(ServeConfig.Subscriber::balance)
                .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("102.50"));
        assertThat(billing.balance("alice")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("102.50"));
        assertThat(admin.topUp("nope", BigDecimal.ONE, "desk")).isEmpty();
        assertThatThrownBy(() -> admin.topUp("alice", BigDecimal.ZERO, "desk"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(all()).singleElement().extracting(BillingChanges.Change::action, BillingChanges.Change::token)
                .containsExactly("top-up", "desk");
    }

    @Test
    void callTariffs_pagedByPrefix_andTheNewPriceUsedByTheNextAuthorization() {
        admin.putCallTariff(new ServeConfig.CallTariff("3", new BigDecimal("9.00")), "admin");
        admin.putCallTariff(new ServeConfig.CallTariff("7495", new BigDecimal("25.00")), "admin");
        assertThat(admin.callTariffs(Optional.empty(), 2)).extracting(ServeConfig.CallTariff::prefix)
                .containsExactly("3", "7");
        assertThat(admin.callTariffs(Optional.of("7"), 2)).extracting(ServeConfig.CallTariff::prefix)
                .containsExactly("7495");
        // 100.00 at 25.00 a started minute: four minutes of credit.
        assertThat(CallRecords.authorize(billing, "c-1", "74950000001", "74951234567")).isEqualTo(
                new AuthorizationDecision.Accept(Optional.of(Duration.ofMinutes(4))));
        assertThat(admin.deleteCallTariff("3", "admin")).isTrue();
        assertThat(admin.callTariff("3")).isEmpty();
    }

    @Test
    void rateTariffs_withoutAttributesExist_namedOnesAreNotDeleted() {
        assertThat(admin.rateTariff("empty")).map(ServeConfig.RateTariff::attributes).contains(List.of());
        ServeConfig.RateTariff fast = new ServeConfig.RateTariff("fast",
                List.of(DICTIONARY.parse("Filter-Id", "fast")));
        admin.putRateTariff(fast, "admin");
        admin.putSubscriber(new ServeConfig.Subscriber("bob", Optional.empty(), OptionalInt.empty(), "dynamic",
                Optional.empty(), BigDecimal.ZERO, Optional.empty(), Optional.of("fast")), "admin");
        assertThat(billing.rateLimits("bob")).isEqualTo(fast.attributes());
        assertThatThrownBy(() -> admin.deleteRateTariff("fast", "admin")).isInstanceOf(BillingAdmin.Conflict.class)
                .hasMessageContaining("bob");
        assertThat(admin.deleteRateTariff("empty", "admin")).isTrue();
        assertThat(admin.rateTariffs(Optional.empty(), 10)).extracting(ServeConfig.RateTariff::id)
                .containsExactly("fast");
        assertThat(all()).filteredOn(c -> c.key().equals("fast")).singleElement()
                .satisfies(c -> assertThat(c.after()).map(a -> a.get("attributes").get(0).asText())
                        .contains("Filter-Id = \"fast\""));
    }

    @Test
    void changes_newestFirst_byKindAndTime_pagedByIdWithoutRepeats() {
        for (int i = 0; i < 3; i++) {
            admin.putCallTariff(new ServeConfig.CallTariff("80" + i, BigDecimal.ONE), "admin");
            clock.advance(Duration.ofMinutes(1));
        }
        admin.topUp("alice", BigDecimal.ONE, "admin");
        List<BillingChanges.Change> tariffs = changes.newestFirst(Optional.of("call-tariff"), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), 2);
        assertThat(tariffs).extracting(BillingChanges.Change::key).containsExactly("802", "801");
        assertThat(changes.newestFirst(Optional.of("call-tariff"), Optional.empty(), Optional.empty(),
                OptionalLong.of(tariffs.get(1).id()), 2)).extracting(BillingChanges.Change::key).containsExactly("800");
        assertThat(changes.newestFirst(Optional.empty(), Optional.of(T0.plusSeconds(60)),
                Optional.of(T0.plusSeconds(180)), OptionalLong.empty(), 10)).extracting(BillingChanges.Change::key)
                .containsExactly("802", "801");
        assertThat(all()).extracting(BillingChanges.Change::kind).first().isEqualTo("subscriber");
    }
}
