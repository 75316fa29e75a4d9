package org.netlever.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.netlever.server.billing.BillingReads;

/**
 * The reference billing's routes ({@code docs/api.md}): {@code /api/v1/calls} (newest first),
 * {@code /api/v1/reservations} (by call id) and {@code /api/v1/accounts/{subscriber}}.
 *
 * <p>Thread-safe.
 */
public final class BillingApi implements ApiModule {

    private final BillingReads reads;

    /**
     * The routes over the billing's tables.
     *
     * @param reads the billing's reads
     */
    public BillingApi(BillingReads reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/calls", this::calls);
        router.route("GET", "/api/v1/reservations", this::reservations);
        router.route("GET", "/api/v1/accounts/{subscriber}", this::account);
    }

    private ApiReply calls(ApiRequest request) {
        request.allow("key", "subscriber", "from", "to");
        Optional<BillingReads.CallCharge> before = request.cursor().map(c -> {
            try {
                // Only the sort key counts: the rest is a placeholder.
                return new BillingReads.CallCharge(c.value(1, 2), "", "", 0, java.math.BigDecimal.ZERO,
                        Instant.parse(c.value(0, 2)));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
            }
        });
        BillingReads.CallFilter filter = new BillingReads.CallFilter(request.text("key"), request.text("subscriber"),
                request.instant("from"), request.instant("to"), before);
        int limit = request.limit();
        return ApiReply.ok(Page.of(reads.calls(filter, limit + 1), limit,
                (BillingReads.CallCharge c) -> Cursor.of(c.chargedAt(), c.key())).toJson(BillingApi::call));
    }

    private ApiReply reservations(ApiRequest request) {
        request.allow("subscriber");
        int limit = request.limit();
        return ApiReply.ok(Page.of(reads.reservations(request.text("subscriber"),
                request.cursor().map(c -> c.value(0, 1)), limit + 1), limit,
                (BillingReads.Reservation r) -> Cursor.of(r.callId())).toJson(BillingApi::reservation));
    }

    private ApiReply account(ApiRequest request) {
        request.allow();
        String id = request.path("subscriber");
        return ApiReply.ok(account(reads.account(id)
                .orElseThrow(() -> ApiException.notFound("the billing has no subscriber " + id))));
    }

    /**
     * A call charge as the API writes it.
     *
     * @param c the call
     * @return its JSON
     */
    public static ObjectNode call(BillingReads.CallCharge c) {
        ObjectNode out = Json.object();
        out.put("key", c.key());
        out.put("subscriber", c.subscriberId());
        out.put("called", c.called());
        out.put("seconds", c.seconds());
        out.put("charge", Json.money(c.charge()));
        out.put("chargedAt", Json.instant(c.chargedAt()));
        return out;
    }

    private static ObjectNode reservation(BillingReads.Reservation r) {
        ObjectNode out = Json.object();
        out.put("callId", r.callId());
        out.put("subscriber", r.subscriberId());
        out.put("called", r.called());
        out.put("perMinute", Json.money(r.perMinute()));
        out.put("minutes", r.minutes());
        out.put("amount", Json.money(r.amount()));
        out.put("answered", r.answered());
        out.put("expiresAt", Json.instant(r.expiresAt()));
        return out;
    }

    /**
     * An account as the API writes it.
     *
     * @param a the account
     * @return its JSON
     */
    public static ObjectNode account(BillingReads.Account a) {
        ObjectNode out = Json.object();
        out.put("subscriber", a.subscriberId());
        out.put("balance", Json.money(a.balance()));
        out.put("held", Json.money(a.held()));
        out.put("available", Json.money(a.available()));
        out.put("calls", a.calls());
        return out;
    }
}
