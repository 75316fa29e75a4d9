package org.netlever.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.server.DroppedPacket;
import org.netlever.aaa.radius.server.RadiusServer;

/**
 * {@code /api/v1/radius/drops} ({@code docs/api.md}): the datagrams the RADIUS listeners did not answer lately, newest
 * first, from each {@link RadiusServer#recentDrops()} (kept in memory, the last ones of each listener). The list is
 * in memory and short, so its pages are by position in the newest-first list; a drop recorded meanwhile shifts it.
 * {@code reason} is the kind of drop, in the metrics' label style ({@code netlever_radius_requests_total{outcome}}):
 * {@code unknown_client}, {@code malformed}, {@code unsupported_code}, {@code bad_authenticator},
 * {@code missing_message_authenticator}, {@code shed}, {@code discarded}, {@code handler_error}; {@code detail} is the
 * server's full text.
 *
 * <p>Thread-safe.
 */
public final class RadiusApi implements ApiModule {

    /** The reasons, in the order they are recognised by the start of the server's text. */
    static final List<String> REASONS = List.of("unknown_client", "malformed", "unsupported_code",
            "bad_authenticator", "missing_message_authenticator", "shed", "discarded", "handler_error");

    private final Map<String, RadiusServer> listeners;

    /**
     * The route over these listeners.
     *
     * @param listeners the RADIUS servers by listener name ({@code softswitch}, {@code bras})
     */
    public RadiusApi(Map<String, RadiusServer> listeners) {
        this.listeners = new LinkedHashMap<>(Objects.requireNonNull(listeners, "listeners"));
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/radius/drops", this::drops);
    }

    private record Drop(String listener, DroppedPacket packet, String reason) {
    }

    private ApiReply drops(ApiRequest request) {
        request.allow("listener", "reason");
        Optional<String> listener = request.oneOf("listener", listeners.keySet().toArray(String[]::new));
        Optional<String> reason = request.oneOf("reason", REASONS.toArray(String[]::new));
        List<Drop> all = new ArrayList<>();
        listeners.forEach((name, server) -> {
            if (listener.isEmpty() || listener.get().equals(name)) {
                for (DroppedPacket p : server.recentDrops()) {
                    String kind = reason(p.reason());
                    if (reason.isEmpty() || reason.get().equals(kind)) {
                        all.add(new Drop(name, p, kind));
                    }
                }
            }
        });
        all.sort(Comparator.comparing((Drop d) -> d.packet().at()).reversed());
        int from = request.cursor().map(c -> (int) Math.min(Integer.MAX_VALUE, c.longValue(0, 1))).orElse(0);
        if (from < 0) {
            throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
        }
        int limit = request.limit();
        List<Drop> fetched = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit + 1));
        int start = from;
        return ApiReply.ok(Page.of(new ArrayList<>(fetched), limit, (Drop d) -> Cursor.of(start + limit))
                .toJson(RadiusApi::drop));
    }

    /**
     * The kind of a drop, from the server's text (aaa-core's {@code ServerEngine} writes them).
     *
     * @param text the server's reason
     * @return one of {@link #REASONS}
     */
    static String reason(String text) {
        if (text.startsWith("unknown client")) {
            return "unknown_client";
        }
        if (text.startsWith("malformed")) {
            return "malformed";
        }
        if (text.contains(" is not served on the ")) {
            return "unsupported_code";
        }
        if (text.contains("without Message-Authenticator") || text.contains("but without")) {
            return "missing_message_authenticator";
        }
        if (text.startsWith("bad ")) {
            return "bad_authenticator";
        }
        if (text.startsWith("overloaded")) {
            return "shed";
        }
        if (text.startsWith("handler discarded")) {
            return "discarded";
        }
        return "handler_error";
    }

    private static ObjectNode drop(Drop d) {
        ObjectNode out = Json.object();
        out.put("at", Json.instant(d.packet().at()));
        out.put("listener", d.listener());
        out.put("peer", d.packet().source().getAddress().getHostAddress() + ":" + d.packet().source().getPort());
        out.put("reason", d.reason());
        out.put("detail", d.packet().reason());
        return out;
    }
}
