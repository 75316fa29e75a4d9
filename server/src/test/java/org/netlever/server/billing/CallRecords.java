package org.netlever.server.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.netlever.aaa.call.AccountingKey;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.store.Database;

/** The call records the reference billing tests send, and what they read back from its tables. */
final class CallRecords {

    private CallRecords() {
    }

    static AuthorizationDecision authorize(ReferenceBilling on, String callId, String calling, String called) {
        return on.authorize(new AuthorizationRequest(callId, Optional.empty(), CallNumber.of(calling),
                CallNumber.of(called), Optional.empty(), Optional.empty(), List.of()));
    }

    static CallStart start(String sessionId, String calling, String called) {
        Instant answer = Instant.parse("2026-11-23T09:00:05Z");
        return new CallStart(new AccountingKey(sessionId, AcctStatusType.START, Optional.empty(),
                AccountingKey.RecordKind.START, 0), sessionId, Optional.empty(), CallNumber.of(calling),
                CallNumber.of(called), answer.minusSeconds(5), answer, List.of());
    }

    static CallInterim interim(String sessionId, String calling, String called, Duration talked) {
        return new CallInterim(new AccountingKey(sessionId, AcctStatusType.INTERIM_UPDATE, Optional.empty(),
                AccountingKey.RecordKind.INTERIM, talked.toSeconds()), sessionId, Optional.empty(),
                CallNumber.of(calling), CallNumber.of(called), talked, Instant.parse("2026-11-23T09:00:05Z")
                .plus(talked));
    }

    static CallStop stop(String sessionId, String calling, String called, Duration talked) {
        Instant setup = Instant.parse("2026-11-23T09:00:00Z");
        return new CallStop(new AccountingKey(sessionId, AcctStatusType.STOP, Optional.of(new ConfId(1, 2)),
                AccountingKey.RecordKind.STOP, 0), sessionId, Optional.of(new ConfId(1, 2)), CallNumber.of(calling),
                CallNumber.of(called), setup, Optional.of(setup.plusSeconds(5)),
                setup.plusSeconds(5).plus(talked), Q850Cause.NORMAL_CLEARING, talked);
    }

    /**
     * What an account row says its reservations hold, and what its reservation rows add up to (amounts to 4 places).
     *
     * @param held the account's {@code held}
     * @param calls the account's {@code calls}
     * @param reserved the SUM of its reservations' amounts
     * @param reservations how many it has
     */
    record Held(BigDecimal held, long calls, BigDecimal reserved, long reservations) {
    }

    static Held held(Database db, String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT s.held, s.calls, (SELECT COALESCE(SUM(r.amount), 0) FROM"
                + " billing_call_reservation r WHERE r.subscriber_id = s.id), (SELECT COUNT(*) FROM"
                + " billing_call_reservation r WHERE r.subscriber_id = s.id) FROM billing_subscriber s WHERE s.id = :id")
                .bind("id", subscriberId).map((rs, ctx) -> new Held(rs.getBigDecimal(1).setScale(4), rs.getLong(2),
                        rs.getBigDecimal(3).setScale(4), rs.getLong(4))).one());
    }
}
