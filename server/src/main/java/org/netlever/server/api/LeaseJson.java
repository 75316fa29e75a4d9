package org.netlever.server.api;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.lease.query.NasSyncEntry;
import org.netlever.aaa.lease.query.NasSyncSummary;

/**
 * The lease side's items as {@code docs/api.md} names their fields: lease, history entry, DHCP event, NAS-sync entry
 * and the NAS-sync summary. Absent values are {@code null}.
 *
 * <p>Thread-safe (no state).
 */
final class LeaseJson {

    private LeaseJson() {
    }

    static ObjectNode lease(Lease l, LeaseState state) {
        ObjectNode o = Json.object();
        o.put("ip", l.ip().toString());
        o.put("subscriber", l.subscriberId());
        o.put("mac", text(l.mac()));
        o.put("origin", l.origin().name());
        o.put("pool", l.poolId());
        o.put("device", l.deviceId().orElse(null));
        putInt(o, "port", l.devicePort());
        o.put("createdAt", Json.instant(l.createdAt()));
        o.put("renewedAt", Json.instant(l.renewedAt()));
        o.put("expiresAt", Json.instant(l.expiresAt().orElse(null)));
        o.put("state", state.label());
        return o;
    }

    static ObjectNode history(LeaseHistoryEntry e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("ip", e.ip().toString());
        o.put("action", e.action().name().toLowerCase(java.util.Locale.ROOT));
        o.put("subscriber", e.subscriberId());
        o.put("mac", text(e.mac()));
        o.put("previousSubscriber", e.previousSubscriberId().orElse(null));
        o.put("previousMac", text(e.previousMac()));
        o.put("pool", e.poolId().orElse(null));
        o.put("device", e.deviceId().orElse(null));
        putInt(o, "port", e.devicePort());
        putLong(o, "eventId", e.eventId());
        o.put("eventAt", Json.instant(e.eventAt()));
        o.put("recordedAt", Json.instant(e.recordedAt()));
        return o;
    }

    static ObjectNode event(RecordedEvent e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("receivedAt", Json.instant(e.receivedAt()));
        o.put("occurredAt", Json.instant(e.occurredAt().orElse(null)));
        o.put("source", e.source().label());
        o.put("sourceEventId", e.sourceEventId().orElse(null));
        o.put("type", e.type().map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
        o.put("ip", text(e.ip()));
        o.put("mac", text(e.mac()));
        o.put("option82", e.option82().orElse(null));
        o.put("outcome", e.outcome());
        o.put("reason", e.reason().orElse(null));
        o.put("subscriber", e.subscriberId().orElse(null));
        o.put("device", e.deviceId().orElse(null));
        return o;
    }

    static ObjectNode nasSync(NasSyncEntry e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("subscriber", e.subscriberId());
        o.put("ip", e.ip().toString());
        o.put("change", e.change().name().toLowerCase(java.util.Locale.ROOT));
        o.put("createdAt", Json.instant(e.createdAt()));
        o.put("dueAt", Json.instant(e.dueAt()));
        o.put("attempts", e.attempts());
        o.put("status", e.status().label());
        o.put("lastError", e.lastError().orElse(null));
        o.put("finishedAt", Json.instant(e.finishedAt().orElse(null)));
        return o;
    }

    static ObjectNode summary(NasSyncSummary s) {
        ObjectNode o = Json.object();
        o.put("pending", s.pending());
        o.put("inProgress", s.inProgress());
        o.put("failed", s.failed());
        o.put("oldestPendingDueAt", Json.instant(s.oldestPendingDueAt().orElse(null)));
        o.put("lastError", s.lastError().orElse(null));
        return o;
    }

    private static String text(Optional<?> value) {
        return value.map(Object::toString).orElse(null);
    }

    private static void putInt(ObjectNode o, String field, OptionalInt value) {
        if (value.isPresent()) {
            o.put(field, value.getAsInt());
        } else {
            o.putNull(field);
        }
    }

    private static void putLong(ObjectNode o, String field, OptionalLong value) {
        if (value.isPresent()) {
            o.put(field, value.getAsLong());
        } else {
            o.putNull(field);
        }
    }
}
