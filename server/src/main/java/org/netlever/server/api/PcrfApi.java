package org.netlever.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.netlever.pcrf.PcrfSession;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.read.PcrfCoa;
import org.netlever.pcrf.read.PcrfReads;
import org.netlever.pcrf.read.PcrfSubscriberView;
import org.netlever.pcrf.read.PcrfTransitionEntry;
import org.netlever.pcrf.read.SubscriberFilter;
import org.netlever.pcrf.read.TransitionFilter;

/**
 * The PCRF's routes ({@code docs/api.md}): {@code /api/v1/pcrf/subscribers} (by position: the order the engine first
 * saw them), one subscriber, {@code /api/v1/pcrf/transitions} (newest first) and {@code /api/v1/pcrf/coa} (owed, by
 * position, then failed, by subscriber), read through pcrf-engine's {@link PcrfReads}.
 *
 * <p>Thread-safe.
 */
public final class PcrfApi implements ApiModule {

    private static final int STEPS = 1000;

    private final PcrfReads reads;

    /**
     * The routes over the PCRF's reads.
     *
     * @param reads the PCRF state
     */
    public PcrfApi(PcrfReads reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/pcrf/subscribers", this::subscribers);
        router.route("GET", "/api/v1/pcrf/subscribers/{id}", this::subscriber);
        router.route("GET", "/api/v1/pcrf/transitions", this::transitions);
        router.route("GET", "/api/v1/pcrf/coa", this::coa);
    }

    private ApiReply subscribers(ApiRequest request) {
        request.allow("subscriber", "domain", "step", "reauth");
        SubscriberFilter filter = SubscriberFilter.ALL;
        Optional<String> subscriber = request.text("subscriber");
        if (subscriber.isPresent()) {
            filter = filter.withSubscriber(subscriber.get());
        }
        Optional<String> domain = request.text("domain");
        if (domain.isPresent()) {
            filter = filter.withDomain(domain.get());
        }
        var step = request.integer("step", 0, STEPS);
        if (step.isPresent()) {
            filter = filter.withStep(step.getAsInt());
        }
        if (request.oneOf("reauth", "pending").isPresent()) {
            filter = filter.reauthPending();
        }
        Optional<Cursor> cursor = request.cursor();
        if (cursor.isPresent()) {
            filter = filter.after(cursor.get().longValue(0, 1));
        }
        int limit = request.limit();
        return ApiReply.ok(Page.of(reads.subscribers(filter, limit + 1), limit,
                (PcrfSubscriberView s) -> Cursor.of(s.position())).toJson(PcrfApi::subscriber));
    }

    private ApiReply subscriber(ApiRequest request) {
        request.allow();
        String id = request.path("id");
        return ApiReply.ok(subscriber(reads.subscriber(id)
                .orElseThrow(() -> ApiException.notFound("the PCRF has no subscriber " + id))));
    }

    private ApiReply transitions(ApiRequest request) {
        request.allow("subscriber", "from", "to");
        Optional<TransitionFilter.Position> before = request.cursor().map(c -> new TransitionFilter.Position(
                instantOf(c.value(0, 2)), c.longValue(1, 2)));
        TransitionFilter filter = new TransitionFilter(request.text("subscriber"), request.instant("from"),
                request.instant("to"), before);
        int limit = request.limit();
        return ApiReply.ok(Page.of(reads.transitions(filter, limit + 1), limit,
                (PcrfTransitionEntry t) -> Cursor.of(t.at(), t.id())).toJson(PcrfApi::transition));
    }

    /** Owed first (by position, from the tables), then failed (by subscriber, from the running engine). */
    private ApiReply coa(ApiRequest request) {
        request.allow("state");
        Optional<String> state = request.oneOf("state", "owed", "failed");
        Optional<Cursor> cursor = request.cursor();
        String phase = cursor.map(c -> c.value(0, 2)).orElse(state.orElse("owed"));
        if (!phase.equals("owed") && !phase.equals("failed") || state.isPresent() && !state.get().equals(phase)) {
            throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
        }
        int limit = request.limit();
        List<PcrfCoa> fetched = new ArrayList<>();
        if (phase.equals("owed")) {
            fetched.addAll(reads.owed(cursor.map(c -> OptionalLong.of(c.longValue(1, 2))).orElse(OptionalLong.empty()),
                    limit + 1));
        }
        if (state.isEmpty() || state.get().equals("failed")) {
            int more = limit + 1 - fetched.size();
            if (more > 0) {
                fetched.addAll(reads.failed(phase.equals("failed") ? cursor.map(c -> c.value(1, 2)) : Optional.empty(),
                        more));
            }
        }
        return ApiReply.ok(Page.of(fetched, limit, (PcrfCoa c) -> c.state() == PcrfCoa.State.OWED
                ? Cursor.of("owed", c.position()) : Cursor.of("failed", c.subscriberId())).toJson(PcrfApi::coa));
    }

    private static java.time.Instant instantOf(String text) {
        try {
            return java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
        }
    }

    /**
     * A PCRF subscriber as the API writes it.
     *
     * @param s the subscriber
     * @return its JSON
     */
    public static ObjectNode subscriber(PcrfSubscriberView s) {
        ObjectNode out = Json.object();
        out.put("subscriber", s.subscriberId());
        out.put("domain", s.domain());
        out.put("zone", s.zone().getId());
        out.put("tariffPlan", s.tariffPlan());
        out.put("scenario", s.scenario());
        out.put("step", s.step());
        out.put("service", s.service().orElse(null));
        ArrayNode quotas = out.putArray("quotas");
        for (StepQuota q : s.quotas()) {
            ObjectNode quota = quotas.addObject();
            quota.put("step", q.step());
            quota.put("service", q.service());
            if (q.remainingTime().isPresent()) {
                quota.put("remainingSeconds", q.remainingTime().get().toSeconds());
            } else {
                quota.putNull("remainingSeconds");
            }
            if (q.remainingVolume().isPresent()) {
                quota.put("remainingOctets", q.remainingVolume().getAsLong());
            } else {
                quota.putNull("remainingOctets");
            }
            quota.put("nextReset", q.nextCronLocal().map(DateTimeFormatter.ISO_OFFSET_DATE_TIME::format).orElse(null));
        }
        ArrayNode sessions = out.putArray("sessions");
        for (PcrfSession session : s.sessions()) {
            ObjectNode item = sessions.addObject();
            item.put("id", session.id());
            item.put("service", session.service());
            item.put("nas", session.nas().isEmpty() ? null : session.nas());
            item.put("seconds", session.seconds());
            item.put("inputOctets", session.inputOctets());
            item.put("outputOctets", session.outputOctets());
        }
        out.put("reauthPending", s.reauthPending());
        return out;
    }

    private static ObjectNode transition(PcrfTransitionEntry t) {
        ObjectNode out = Json.object();
        out.put("id", t.id());
        out.put("subscriber", t.subscriberId());
        out.put("at", Json.instant(t.at()));
        out.put("fromStep", t.fromStep());
        out.put("toStep", t.toStep());
        out.put("reason", t.reason());
        return out;
    }

    private static ObjectNode coa(PcrfCoa c) {
        ObjectNode out = Json.object();
        out.put("subscriber", c.subscriberId());
        out.put("state", c.state().name().toLowerCase(Locale.ROOT));
        out.put("since", Json.instant(c.since().orElse(null)));
        out.put("attempts", c.attempts());
        out.put("lastError", c.lastError().orElse(null));
        return out;
    }
}
