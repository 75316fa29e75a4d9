package org.netlever.aaa.call.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.netlever.aaa.RateLimitedLog;
import org.netlever.aaa.call.UnparsedAttribute;
import org.slf4j.Logger;

/**
 * Counts the call attributes that did not parse, by attribute name (for a metric such as
 * {@code netlever_call_attribute_problems_total{attribute}}), and logs them at a limited rate with the client and the
 * attribute. Thread-safe.
 */
public final class AttributeProblems {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final RateLimitedLog log;
    private final java.util.function.Consumer<String> listener;

    /**
     * Problems logged to a logger at most {@code perMinute} lines a minute.
     *
     * @param logger where to log
     * @param perMinute the line budget
     * @param clock the clock
     * @param listener told the attribute name of each problem (a metric); it must be thread-safe and quick
     */
    public AttributeProblems(Logger logger, int perMinute, Clock clock, java.util.function.Consumer<String> listener) {
        this.log = new RateLimitedLog(logger, perMinute, clock);
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Counts and logs what one message left unparsed.
     *
     * @param client who sent it
     * @param what what it was, e.g. {@code Accounting-Request Stop of call 42}
     * @param unparsed the attributes that did not parse
     */
    public void report(String client, String what, List<UnparsedAttribute> unparsed) {
        for (UnparsedAttribute attribute : unparsed) {
            counts.computeIfAbsent(attribute.attribute(), a -> new LongAdder()).increment();
            listener.accept(attribute.attribute());
            log.warn("Kept unparsed {} '{}' of {} from client {} and processed the rest: {}",
                    printable(attribute.attribute()), printable(attribute.value()), what, client,
                    printable(attribute.problem()));
        }
    }

    /** The text with control characters escaped, so that a value cannot forge log lines. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * How many values of each attribute did not parse since start.
     *
     * @return attribute name to count, sorted by name
     */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((name, count) -> snapshot.put(name, count.sum()));
        return snapshot;
    }
}
