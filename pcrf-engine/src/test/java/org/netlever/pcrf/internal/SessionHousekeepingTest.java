package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.netlever.pcrf.NasIdentity;

/** S3.9: the housekeeping sweep closes silent sessions and forgets old tombstones; the subscriber keeps its step. */
class SessionHousekeepingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");
    private final SessionHousekeeping housekeeping = new SessionHousekeeping(Duration.ofMinutes(10));
    private final List<Subscriber> changed = new ArrayList<>();

    private static Session session(Subscriber s, String id, Duration silentFor) {
        Session session = new Session(id, s, "limit2h1Gb", NasIdentity.identifier("bras-1"));
        session.lastSeenMillis = NOW.minus(silentFor).toEpochMilli();
        s.addSession(session);
        return session;
    }

    @Test
    void sweep_sessionSilentLongerThanTheTimeout_isClosed_othersStayOpen() {
        Subscriber s = new Subscriber("79139001234");
        s.step = 1;
        Session silent = session(s, "silent", Duration.ofMinutes(11));
        Session talking = session(s, "talking", Duration.ofMinutes(9));

        housekeeping.sweep(NOW, List.of(s), changed::add);

        assertThat(silent.isOpen()).isFalse();
        assertThat(silent.closedAtMillis).isEqualTo(NOW.toEpochMilli());
        assertThat(talking.isOpen()).isTrue();
        assertThat(s.sessionCount()).isEqualTo(1);
        assertThat(s.session("silent")).as("kept as a tombstone, so a late record counts nothing twice")
                .isSameAs(silent);
        assertThat(s.step).isEqualTo(1);
        assertThat(changed).containsExactly(s);
    }

    @Test
    void sweep_tombstoneOlderThanTheTimeout_isForgotten() {
        Subscriber s = new Subscriber("79139001234");
        Session old = session(s, "old", Duration.ZERO);
        s.stop(old, NOW.minus(Duration.ofMinutes(11)).toEpochMilli());
        Session recent = session(s, "recent", Duration.ZERO);
        s.stop(recent, NOW.minus(Duration.ofMinutes(1)).toEpochMilli());

        housekeeping.sweep(NOW, List.of(s), changed::add);

        assertThat(s.session("old")).isNull();
        assertThat(s.session("recent")).isSameAs(recent);
        assertThat(changed).containsExactly(s);
    }

    @Test
    void sweep_nothingToDo_changesNothing() {
        Subscriber idle = new Subscriber("no-sessions");
        Subscriber busy = new Subscriber("busy");
        session(busy, "s", Duration.ofMinutes(1));

        housekeeping.sweep(NOW, List.of(idle, busy), changed::add);

        assertThat(changed).isEmpty();
        assertThat(idle.open).isNull();
    }

    @Test
    void stop_beyondTheTombstoneLimit_forgetsTheOldestFirst() {
        Subscriber s = new Subscriber("79139001234");
        for (int i = 0; i <= Subscriber.MAX_TOMBSTONES; i++) {
            s.stop(session(s, "s" + i, Duration.ZERO), 1_000 + i);
        }

        assertThat(s.open).hasSize(Subscriber.MAX_TOMBSTONES);
        assertThat(s.session("s0")).isNull();
        assertThat(s.session("s1")).isNotNull();
    }

    @Test
    void decodeSessions_rowWrittenBeforeTombstones_readsAsOpenSessions() {
        Subscriber s = new Subscriber("79139001234");

        s.decodeSessions("a\\tb\tlimit2h1Gb\tbras-1\t600\t18446744073709551615\t5\t1", NOW.toEpochMilli(),
                UnaryOperator.identity());

        Session session = s.session("a\tb");
        assertThat(session.isOpen()).isTrue();
        assertThat(session.input).as("unsigned").isEqualTo(-1L);
        assertThat(session.output).isEqualTo(5);
        assertThat(session.gigawords).isTrue();
        assertThat(session.nas).as("the one NAS name of an old row is looked up as the NAS-Identifier is")
                .isEqualTo(NasIdentity.identifier("bras-1"));
        assertThat(s.encodeSessions())
                .isEqualTo("a\\tb\tlimit2h1Gb\tbras-1\t600\t18446744073709551615\t5\t1\t-1\t\t");
    }

    @Test
    void decodeSessions_rowWithTombstonesButOneNasName_keepsTheTombstoneAndTheName() {
        Subscriber s = new Subscriber("79139001234");

        s.decodeSessions("a\tlimit2h1Gb\t10.0.0.1\t600\t1\t2\t0\t1700000000000", NOW.toEpochMilli(),
                UnaryOperator.identity());

        Session session = s.session("a");
        assertThat(session.closedAtMillis).isEqualTo(1_700_000_000_000L);
        assertThat(session.nas.candidates()).containsExactly("10.0.0.1");
    }

    @Test
    void encodeSessions_keepsEveryNasName_andReadsThemBack() {
        Subscriber s = new Subscriber("79139001234");
        Session both = new Session("a", s, "limit2h1Gb", new NasIdentity(Optional.of("esr\t1"),
                Optional.of("192.0.2.1"), Optional.of("198.51.100.7")));
        s.addSession(both);
        s.addSession(new Session("b", s, "limit2h1Gb", new NasIdentity(Optional.empty(), Optional.of("192.0.2.2"),
                Optional.of("198.51.100.7"))));

        Subscriber restarted = new Subscriber("79139001234");
        restarted.decodeSessions(s.encodeSessions(), NOW.toEpochMilli(), UnaryOperator.identity());

        assertThat(restarted.session("a").nas).isEqualTo(both.nas);
        assertThat(restarted.session("b").nas.identifier()).isEmpty();
        assertThat(restarted.session("b").nas.candidates()).containsExactly("192.0.2.2", "198.51.100.7");
    }
}
