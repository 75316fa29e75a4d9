package org.netlever.aaa.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;

/**
 * The handler's asynchronous path (issue 12): a blocking accounting runs on the server's blocking executor, one that
 * completes its own stages holds no thread, Access-Requests go to the executor.
 */
class CallAaaHandlerAsyncTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** Holds the tasks given to it until the test runs them. */
    private static final class HeldExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(tasks);
            tasks.clear();
            now.forEach(Runnable::run);
        }
    }

    private static RadiusRequest request(RadiusMessage message) {
        return new RadiusRequest(new RadiusPacket(1, new byte[16], message),
                RadiusClientDefinition.of("ecss", "127.0.0.1", "s"), new InetSocketAddress("127.0.0.1", 5000), NOW);
    }

    private static RadiusMessage stop(String callId) {
        return RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.STOP))
                .string(AttributeType.ACCT_SESSION_ID, callId)
                .string(AttributeType.CALLING_STATION_ID, "74951234567")
                .string(AttributeType.CALLED_STATION_ID, "74957654321")
                .add(Accounting.sessionTime(Duration.ofSeconds(65)))
                .build();
    }

    @Test
    void handleAsync_blockingAccounting_runsOnTheExecutor_andIsAnsweredAfterIt() {
        InMemoryCallAccounting ledger = new InMemoryCallAccounting();
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        HeldExecutor blocking = new HeldExecutor();

        CompletableFuture<RadiusReply> reply = handler.handleAsync(request(stop("c-1")), blocking)
                .toCompletableFuture();

        assertThat(blocking.tasks).hasSize(1);
        assertThat(reply).isNotDone();
        assertThat(ledger.stops()).isEmpty();
        blocking.runAll();
        assertThat(reply.join().message()).get().extracting(RadiusMessage::code)
                .isEqualTo(PacketCode.ACCOUNTING_RESPONSE);
        assertThat(ledger.stops()).singleElement().extracting(CallStop::callId).isEqualTo("c-1");
    }

    @Test
    void handleAsync_accountingCompletingItsOwnStages_usesNoExecutor_andIsAnsweredWhenItCompletes() {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        List<CallStop> queued = new ArrayList<>();
        CallAccounting grouped = new CallAccounting() {
            @Override
            public StartReply start(CallStart start) {
                throw new AssertionError("the blocking method is not called");
            }

            @Override
            public void stop(CallStop stop) {
                throw new AssertionError("the blocking method is not called");
            }

            @Override
            public CompletionStage<Void> stopAsync(CallStop stop, Executor blocking) {
                queued.add(stop);
                return stored;
            }
        };
        CallAaaHandler handler = CallAaaHandler.builder().accounting(grouped).build();
        HeldExecutor blocking = new HeldExecutor();

        CompletableFuture<RadiusReply> reply = handler.handleAsync(request(stop("c-2")), blocking)
                .toCompletableFuture();

        assertThat(queued).singleElement().extracting(CallStop::callId).isEqualTo("c-2");
        assertThat(blocking.tasks).as("no thread for the record").isEmpty();
        assertThat(reply).isNotDone();
        stored.complete(null);
        assertThat(reply.join().message()).get().extracting(RadiusMessage::code)
                .isEqualTo(PacketCode.ACCOUNTING_RESPONSE);
    }

    @Test
    void handleAsync_recordNotStored_completesExceptionally_soNothingIsSent() {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        CallAccounting failing = new CallAccounting() {
            @Override
            public StartReply start(CallStart start) {
                return StartReply.proceed();
            }

            @Override
            public void stop(CallStop stop) {
            }

            @Override
            public CompletionStage<Void> stopAsync(CallStop stop, Executor blocking) {
                return stored;
            }
        };
        CompletableFuture<RadiusReply> reply = CallAaaHandler.builder().accounting(failing).build()
                .handleAsync(request(stop("c-3")), new HeldExecutor()).toCompletableFuture();
        stored.completeExceptionally(new IllegalStateException("database down"));

        assertThat(reply).isCompletedExceptionally();
    }

    @Test
    void handleAsync_authorizerCompletingItsOwnDecisions_usesNoExecutor() {
        CompletableFuture<AuthorizationDecision> decided = new CompletableFuture<>();
        CallAuthorizer grouped = new CallAuthorizer() {
            @Override
            public AuthorizationDecision authorize(AuthorizationRequest request) {
                throw new AssertionError("the blocking method is not called");
            }

            @Override
            public CompletionStage<AuthorizationDecision> authorizeAsync(AuthorizationRequest request,
                    Executor blocking) {
                return decided;
            }
        };
        HeldExecutor blocking = new HeldExecutor();
        CompletableFuture<RadiusReply> reply = CallAaaHandler.builder().authorizer(grouped).build()
                .handleAsync(request(access("c-5")), blocking).toCompletableFuture();

        assertThat(blocking.tasks).isEmpty();
        assertThat(reply).isNotDone();
        decided.complete(AuthorizationDecision.accept());
        assertThat(reply.join().message()).get().extracting(RadiusMessage::code)
                .isEqualTo(PacketCode.ACCESS_ACCEPT);
    }

    private static RadiusMessage access(String callId) {
        return RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "74951234567")
                .string(AttributeType.ACCT_SESSION_ID, callId)
                .string(AttributeType.CALLING_STATION_ID, "74951234567")
                .string(AttributeType.CALLED_STATION_ID, "74957654321")
                .build();
    }

    @Test
    void handleAsync_accessRequest_runsOnTheExecutor() {
        CallAaaHandler handler = CallAaaHandler.builder()
                .authorizer(request -> AuthorizationDecision.accept())
                .build();
        HeldExecutor blocking = new HeldExecutor();
        CompletableFuture<RadiusReply> reply = handler.handleAsync(request(access("c-4")), blocking)
                .toCompletableFuture();

        assertThat(reply).isNotDone();
        blocking.runAll();
        assertThat(reply.join().message()).get().extracting(RadiusMessage::code)
                .isEqualTo(PacketCode.ACCESS_ACCEPT);
    }
}
