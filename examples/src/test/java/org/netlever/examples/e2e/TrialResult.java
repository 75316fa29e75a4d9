package org.netlever.examples.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.netlever.examples.e2e.CrashSafetyIT.Storage;

/**
 * What one crash trial found: per kind of work, how much was acknowledged, stored, lost and doubled, and every
 * problem, as the line the test prints.
 *
 * @param storage the storage serve ran on
 * @param trial the trial's number
 * @param killAfterMillis when serve was killed, after the load was acknowledged
 * @param elapsedMillis how long the trial took
 * @param tallies one per kind of work
 * @param problems what was lost, doubled, half-applied or left unanswered, one line each
 */
record TrialResult(Storage storage, int trial, long killAfterMillis, long elapsedMillis, List<Tally> tallies,
        List<String> problems) {

    String line() {
        return String.format(Locale.ROOT, "%-10s trial %d (%4.1f s), SIGKILL %4d ms into the bursts: %s;"
                + " half-applied %d", storage, trial, elapsedMillis / 1000.0, killAfterMillis,
                String.join(" | ", tallies.stream().map(Tally::text).toList()),
                problems.stream().filter(p -> p.startsWith("half-applied")).count());
    }

    /**
     * One kind of work in one trial.
     *
     * @param what what was sent
     * @param acknowledged items serve acknowledged (for the lever script: events the script was handed)
     * @param stored acknowledged items found stored exactly once
     * @param lost acknowledged items not stored
     * @param doubled items stored more than once
     */
    record Tally(String what, long acknowledged, long stored, long lost, long doubled) {

        /**
         * The tally of the softswitch's acknowledged Starts: each call's credit held by its confirmed reservation, or,
         * once its Stop was acknowledged, charged and no longer held; a reservation left beside the charge, or a
         * second charge, is doubled.
         */
        static final String STARTS = "starts";
        /** The tally of Starts the kill left unanswered, sent again to the restarted serve. */
        static final String STARTS_RESENT = "starts-resent";
        /** The tally of the softswitch's acknowledged Stops, each charged exactly once. */
        static final String STOPS = "stops";
        /** The tally of services-reauth CoAs the BRAS received, each of which needs its transition stored. */
        static final String REAUTH = "reauth";
        /** The tally of Stops the kill left unanswered, sent again to the restarted serve. */
        static final String STOPS_RESENT = "stops-resent";

        /**
         * Counts acknowledged items by how often each is stored, and adds a problem for each not stored once.
         *
         * @param what what was sent
         * @param acknowledged the items acknowledged
         * @param storedCount how often an item is stored
         * @param problems where a lost or doubled item is reported
         * @param <T> the items' kind
         * @return the tally
         */
        static <T> Tally of(String what, Set<T> acknowledged, ToIntFunction<T> storedCount, List<String> problems) {
            long stored = 0;
            long lost = 0;
            long doubled = 0;
            Map<T, Integer> bad = new LinkedHashMap<>();
            for (T item : acknowledged) {
                int c = storedCount.applyAsInt(item);
                if (c == 1) {
                    stored++;
                } else if (c == 0) {
                    lost++;
                    bad.put(item, c);
                } else {
                    doubled++;
                    bad.put(item, c);
                }
            }
            bad.forEach((item, c) -> problems.add((c == 0 ? "lost: " : "doubled: ") + what + " " + item
                    + " stored " + c + " times"));
            return new Tally(what, acknowledged.size(), stored, lost, doubled);
        }

        String text() {
            return String.format(Locale.ROOT, "%s ack %d stored %d lost %d doubled %d", what, acknowledged, stored,
                    lost, doubled);
        }
    }
}
