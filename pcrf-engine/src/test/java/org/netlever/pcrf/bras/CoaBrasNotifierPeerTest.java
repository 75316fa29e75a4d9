package org.netlever.pcrf.bras;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.aaa.testing.PeerProcess;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.Seed;
import org.netlever.pcrf.SubscriberState;

/**
 * S3.8 over UDP against a BRAS's CoA listener netlever did not write (python3-pyrad, {@code coa_bras.py}): the
 * engine's services-reauth through {@link CoaBrasNotifier}, the endpoint chosen by NAS-Identifier although the
 * session also has a NAS-IP-Address, and what each answer leads to (RFC 5176 section 3.6): an ACK clears the debt,
 * a NAK with 503 closes the session, a NAK with 506 is retried, another Error-Cause is recorded and not retried,
 * silence is retried up to the bound and given up.
 */
class CoaBrasNotifierPeerTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String SECRET = "bras-coa-secret-0123456789";
    private static final String USER = "79139001234";
    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    /** Quick retries: three attempts, 200 ms apart at first. */
    private static final ReauthRetry RETRY = new ReauthRetry(3, Duration.ofMillis(200), Duration.ofMillis(400));

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Process> peers = new ArrayList<>();
    private BlockingQueue<String> requests;
    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
            YEKT).toInstant());
    private PcrfEngine engine;

    @BeforeAll
    static void requirePyrad() {
        PeerProcess.requirePythonModule(PYTHON, "pyrad", "python3-pyrad");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        peers.forEach(Process::destroyForcibly);
    }

    private static Path script(String name) {
        try {
            return Path.of(CoaBrasNotifierPeerTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the pyrad BRAS answering as told; its CoA port. */
    private int bras(String... answers) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, script("coa_bras.py").toString(), SECRET,
                script("dictionary").toString()));
        command.addAll(List.of(answers));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        peers.add(p);
        BlockingQueue<String> lines = PeerProcess.lines(p);
        String listening = lines.poll(30, TimeUnit.SECONDS);
        assertThat(listening).as("the pyrad BRAS is listening").startsWith("LISTENING ");
        // Everything after the first line is a request.
        requests = lines;
        return Integer.parseInt(listening.substring("LISTENING ".length()));
    }

    private RadiusServerDefinition endpoint(String name, int port) {
        return new RadiusServerDefinition(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                ServerKind.DYNAMIC_AUTHORIZATION, RadiusSecret.of(SECRET), 2, Duration.ofMillis(150),
                Duration.ofSeconds(30), true);
    }

    /**
     * An engine whose CoA endpoints are named as serve's {@code bras.coa} names them; the subscriber on a session
     * from a BRAS that sends NAS-Identifier esr-1 and NAS-IP-Address 192.0.2.1, its two hours used up: one CoA owed.
     */
    private void blockedSubscriber(Map<String, RadiusServerDefinition> endpoints) {
        Database db = Database.h2InMemory();
        open.add(db);
        CoaClient client = CoaClient.bound(InetAddress.getLoopbackAddress());
        open.add(client);
        engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).reauthRetry(RETRY)
                .notifier(new CoaBrasNotifier(client, name -> Optional.ofNullable(endpoints.get(name)),
                        BrasAttributeMapping.defaults())).build();
        open.add(engine);
        NasIdentity nas = new NasIdentity(Optional.of("esr-1"), Optional.of("192.0.2.1"), Optional.of("127.0.0.1"));
        engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "esr-session-1", USER, "limit2h1Gb", nas,
                Duration.ZERO, 0, 0, true));
        clock.advance(Duration.ofHours(2));
        assertThat(engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "esr-session-1", USER,
                "limit2h1Gb", nas, Duration.ofHours(2), 0, 0, true)).transition()).isPresent();
    }

    private SubscriberState state() {
        return engine.state(USER).orElseThrow();
    }

    private String request() throws InterruptedException {
        String line = requests.poll(30, TimeUnit.SECONDS);
        assertThat(line).as("a CoA-Request reaches the BRAS").isNotNull();
        return line;
    }

    @Test
    void ack_byNasIdentifier_althoughTheSessionHasANasIpAddressToo() throws Exception {
        int port = bras("ack");
        // As the README configures a BRAS: by its NAS-Identifier. The NAS-IP-Address names no endpoint.
        blockedSubscriber(Map.of("esr-1", endpoint("bras esr-1", port)));

        assertThat(request()).isEqualTo("REQUEST 1 " + USER + " esr-session-1 command=services-reauth ack");
        Await.until("the acknowledged CoA clears the debt", () -> engine.reauthSent() == 1
                && engine.reauthQueued() == 0);
        assertThat(state().activeSessions()).isOne();
        assertThat(state().reauthProblem()).isEmpty();
        assertThat(engine.reauthFailed()).isZero();
    }

    @Test
    void ack_byNasIpAddress_whenTheIdentifierNamesNoEndpoint_andTheIdentifierWinsWhenBothDo() throws Exception {
        int port = bras("ack");
        blockedSubscriber(Map.of("192.0.2.1", endpoint("bras 192.0.2.1", port)));
        assertThat(request()).endsWith(" ack");
        Await.until("the CoA is acknowledged", () -> engine.reauthSent() == 1);

        CoaBrasNotifier both = new CoaBrasNotifier(CoaClient.bound(InetAddress.getLoopbackAddress()),
                name -> Optional.ofNullable(Map.of("esr-1", endpoint("by identifier", port), "192.0.2.1",
                        endpoint("by address", port), "127.0.0.1", endpoint("by source", port), "*",
                        endpoint("any", port)).get(name)), BrasAttributeMapping.defaults());
        NasIdentity nas = new NasIdentity(Optional.of("esr-1"), Optional.of("192.0.2.1"), Optional.of("127.0.0.1"));
        assertThat(both.endpoint(nas)).map(RadiusServerDefinition::name).hasValue("by identifier");
        assertThat(both.endpoint(new NasIdentity(Optional.of("esr-9"), Optional.of("192.0.2.1"),
                Optional.of("127.0.0.1")))).map(RadiusServerDefinition::name).hasValue("by address");
        assertThat(both.endpoint(new NasIdentity(Optional.of("esr-9"), Optional.of("192.0.2.9"),
                Optional.of("127.0.0.1")))).map(RadiusServerDefinition::name).hasValue("by source");
        assertThat(both.endpoint(new NasIdentity(Optional.of("esr-9"), Optional.empty(),
                Optional.of("127.0.0.9")))).map(RadiusServerDefinition::name).hasValue("any");
    }

    @Test
    void nak503_closesTheSession_andSendsNoMore() throws Exception {
        int port = bras("nak:503");
        blockedSubscriber(Map.of("esr-1", endpoint("bras esr-1", port)));

        assertThat(request()).endsWith(" nak:503");
        Await.until("the session is closed", () -> state().activeSessions() == 0);
        assertThat(engine.reauthFailures()).containsEntry(ReauthFailure.SESSION_GONE, 1L)
                .containsEntry(ReauthFailure.TRANSIENT, 0L);
        assertThat(engine.reauthErrorCauses()).containsExactly(Map.entry(503, 1L));
        assertThat(state().reauthProblem()).hasValueSatisfying(p -> {
            assertThat(p.failure()).isEqualTo(ReauthFailure.SESSION_GONE);
            assertThat(p.errorCause()).isEqualTo(OptionalInt.of(503));
            assertThat(p.sessionId()).isEqualTo("esr-session-1");
        });
        assertThat(engine.reauthQueued()).as("nothing owed, nothing waiting for a retry").isZero();
        assertThat(requests.poll(2 * RETRY.maxBackoff().toMillis(), TimeUnit.MILLISECONDS)).as("no retry").isNull();
    }

    @Test
    void nak506_isRetried_andTheRetryAcknowledged() throws Exception {
        int port = bras("nak:506", "ack");
        blockedSubscriber(Map.of("esr-1", endpoint("bras esr-1", port)));

        assertThat(request()).endsWith(" nak:506");
        assertThat(request()).startsWith("REQUEST 2 ").endsWith(" ack");
        Await.until("the retry is acknowledged", () -> engine.reauthSent() == 1 && engine.reauthQueued() == 0);
        assertThat(engine.reauthFailures()).containsEntry(ReauthFailure.TRANSIENT, 1L)
                .containsEntry(ReauthFailure.GAVE_UP, 0L);
        assertThat(engine.reauthErrorCauses()).containsExactly(Map.entry(506, 1L));
        assertThat(state().reauthProblem()).as("cleared by the acknowledgement").isEmpty();
        assertThat(state().activeSessions()).isOne();
    }

    @Test
    void nakWithAnotherCause_isRecordedAndCounted_notRetried() throws Exception {
        int port = bras("nak:404", "ack");
        blockedSubscriber(Map.of("esr-1", endpoint("bras esr-1", port)));

        assertThat(request()).endsWith(" nak:404");
        Await.until("the refusal is recorded", () -> state().reauthProblem().isPresent());
        assertThat(state().reauthProblem().orElseThrow().failure()).isEqualTo(ReauthFailure.REFUSED);
        assertThat(engine.reauthFailures()).containsEntry(ReauthFailure.REFUSED, 1L);
        assertThat(engine.reauthErrorCauses()).containsExactly(Map.entry(404, 1L));
        assertThat(state().activeSessions()).as("the session stays").isOne();
        assertThat(requests.poll(2 * RETRY.maxBackoff().toMillis(), TimeUnit.MILLISECONDS))
                .as("no retry, although the BRAS would acknowledge one").isNull();
        assertThat(engine.reauthQueued()).isZero();
    }

    @Test
    void silence_isRetriedUpToTheBound_countedAsQueuedMeanwhile_thenGivenUp() throws Exception {
        int port = bras("silent");
        blockedSubscriber(Map.of("esr-1", endpoint("bras esr-1", port)));

        assertThat(request()).startsWith("REQUEST 1 ");
        Await.until("while it waits for its retry, the owed CoA is queued", () -> engine.reauthQueued() == 1
                && engine.reauthFailed() == 1);
        assertThat(request()).startsWith("REQUEST 2 ");
        assertThat(request()).startsWith("REQUEST 3 ");
        Await.until("given up after the third attempt", () -> engine.reauthFailures()
                .get(ReauthFailure.GAVE_UP) == 1);
        assertThat(engine.reauthFailures()).containsEntry(ReauthFailure.TRANSIENT, 3L);
        assertThat(state().reauthProblem()).hasValueSatisfying(p -> assertThat(p.failure())
                .isEqualTo(ReauthFailure.GAVE_UP));
        Await.until("nothing is owed any more", () -> engine.reauthQueued() == 0);
        assertThat(requests.poll(2 * RETRY.maxBackoff().toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }
}
