package org.netlever.aaa.call.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.H323;
import org.netlever.aaa.radius.attr.H323Time;

/**
 * The attributes every call message shares, read and written under a {@link CallAttributeMapping}: AV pairs, the A
 * and B numbers, the call id, h323 times, Reply-Message and the granted time. What {@link CallCodec} and
 * {@link AccountingCodec} are built on. Immutable and thread-safe.
 */
final class CallAttributes {

    private final CallAttributeMapping mapping;

    CallAttributes(CallAttributeMapping mapping) {
        this.mapping = mapping;
    }

    /** Every AV pair of the readable pair attributes, in packet order; attributes not {@code key=value} skipped. */
    List<AvPair> pairs(AttributeView view) {
        List<AvPair> pairs = new ArrayList<>();
        for (RadiusAttribute attribute : view.attributes()) {
            if (mapping.readPairTypes().contains(attribute.type())) {
                try {
                    pairs.add(attribute.asAvPair());
                } catch (RadiusException e) {
                    // Not an AV pair (a Cisco-AVPair without '='): nothing to read from it.
                }
            }
        }
        return pairs;
    }

    static Optional<String> value(List<AvPair> pairs, String key) {
        for (AvPair pair : pairs) {
            if (pair.key().equals(key)) {
                return Optional.of(pair.value());
            }
        }
        return Optional.empty();
    }

    RadiusAttribute pair(String key, String value) {
        return RadiusAttribute.ofAvPair(mapping.pairType(), AvPair.of(key, value));
    }

    CallNumber number(AttributeView view, List<AvPair> pairs, boolean calling, Reading reading) {
        String key = calling ? mapping.callingNumberKey() : mapping.calledNumberKey();
        AttributeType station = calling ? AttributeType.CALLING_STATION_ID : AttributeType.CALLED_STATION_ID;
        String digits = value(pairs, key).or(() -> view.string(station))
                .orElseThrow(() -> new RadiusException("no number " + (calling ? "A" : "B") + ": neither " + key
                        + " nor " + station.name()));
        String prefix = calling ? mapping.callingAttributePrefix() : mapping.calledAttributePrefix();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (AvPair p : pairs) {
            if (p.key().startsWith(prefix) && !p.key().startsWith(prefix + "number")) {
                String name = p.key().substring(prefix.length());
                reading.pair(p.key(), p.value(), v -> new CallNumber(digits, Map.of(name, v)))
                        .ifPresent(checked -> attributes.put(name, p.value()));
            }
        }
        return new CallNumber(digits, attributes);
    }

    void writeNumber(RadiusMessage.Builder out, CallNumber number, boolean calling) {
        out.string(calling ? AttributeType.CALLING_STATION_ID : AttributeType.CALLED_STATION_ID, number.digits());
        out.add(pair(calling ? mapping.callingNumberKey() : mapping.calledNumberKey(), number.digits()));
        String prefix = calling ? mapping.callingAttributePrefix() : mapping.calledAttributePrefix();
        number.attributes().forEach((name, value) -> out.add(pair(prefix + name, value)));
    }

    static String callId(AttributeView view) {
        return view.string(AttributeType.ACCT_SESSION_ID)
                .orElseThrow(() -> new RadiusException("no Acct-Session-Id: every call request carries its call id"));
    }

    Optional<Instant> time(AttributeView view, AttributeType type, Reading reading) {
        return reading.optional(view, type, () -> H323.value(view, type).map(H323Time::parse)
                .map(t -> t.toInstant(mapping.zoneAbbreviations(), mapping.timeZone())));
    }

    H323Time h323(Instant instant) {
        return H323Time.of(instant, mapping.timeZone());
    }

    static RadiusAttribute replyMessage(String text) {
        String trimmed = text.isEmpty() ? "refused" : text;
        byte[] octets = trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (octets.length > 253) {
            trimmed = new String(java.util.Arrays.copyOf(octets, 253), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\uFFFD", "");
        }
        return RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, trimmed);
    }

    static Optional<Duration> sessionTimeout(AttributeView view, Reading reading) {
        return reading.optional(view, AttributeType.SESSION_TIMEOUT, () -> Accounting.sessionTimeout(view))
                .filter(d -> !d.isZero());
    }

    static Optional<Duration> creditTime(AttributeView view, Reading reading) {
        return reading.optional(view, AttributeType.H323_CREDIT_TIME, () -> H323.creditTime(view))
                .filter(d -> !d.isZero());
    }
}
