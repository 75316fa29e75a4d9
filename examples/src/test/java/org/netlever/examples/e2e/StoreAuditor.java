package org.netlever.examples.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.netlever.examples.e2e.TrialResult.Tally;

/**
 * After a crash trial, reads serve's database directly and holds it to what the peers were told: every acknowledged
 * lever event, Stop and BRAS record stored exactly once, every acknowledged Start's credit held or charged exactly
 * once, every services-reauth backed by its stored transition, and nothing half-applied (lease without its history,
 * balance that does not match its charges, held credit that does not match its reservations, PCRF state that does
 * not match its session). Not thread-safe: one per trial, after the peers have stopped.
 *
 * @param leverHttp the trial's lever events over HTTP
 * @param leverScript the trial's lever script
 * @param softswitch the trial's softswitch
 * @param bras the trial's BRAS
 */
record StoreAuditor(LeverHttpPeer leverHttp, LeverScriptPeer leverScript, SoftswitchPeer softswitch, BrasPeer bras) {

    /** The example's PCRF tariff's time quota, which the BRAS uses up. */
    private static final long QUOTA_SECONDS = 7200;
    /** The softswitch's calling accounts, by phone. */
    private static final Map<String, String> CALLERS = SoftswitchPeer.accountsByPhone();
    /** The accounts whose balances only calls change, and their opening balances. */
    private static final Map<String, BigDecimal> OPENING_BALANCE = openingBalances();
    /** The example's tariff for the Moscow number the calls go to (prefix 7495). */
    private static final BigDecimal PER_MINUTE = new BigDecimal("0.50");

    /**
     * Audits the database.
     *
     * @param h the database
     * @param tallies where a tally per kind of work goes: lever-http, lever-script, starts, starts-resent, stops,
     *     stops-resent, pcrf, reauth
     * @param problems where what was lost, doubled, half-applied or left unanswered goes, one line each
     */
    void audit(Handle h, List<Tally> tallies, List<String> problems) {
        auditLeverEvents(h, tallies, problems);
        auditLeases(h, problems);
        auditCalls(h, tallies, problems);
        auditPcrf(h, tallies, problems);
    }

    private static Map<String, BigDecimal> openingBalances() {
        Map<String, BigDecimal> out = new HashMap<>(Map.of("alice", new BigDecimal("100.00"), "bob", BigDecimal.ZERO));
        CALLERS.values().forEach(id -> out.put(id, SoftswitchPeer.CALLER_BALANCE));
        return out;
    }

    /** (a) and (b): the event log, by source event id and by MAC. */
    private void auditLeverEvents(Handle h, List<Tally> tallies, List<String> problems) {
        Map<String, Integer> byId = new HashMap<>();
        Map<Long, Integer> byMac = new HashMap<>();
        h.createQuery("SELECT source_event_id, mac FROM dhcp_event WHERE source = 'isc-dhcpd'").map((rs, ctx) -> {
            String id = rs.getString(1);
            if (id != null) {
                byId.merge(id, 1, Integer::sum);
            }
            long mac = rs.getLong(2);
            if (!rs.wasNull()) {
                byMac.merge(mac, 1, Integer::sum);
            }
            return 0;
        }).list();
        tallies.add(Tally.of("lever-http", leverHttp.acknowledged(), id -> byId.getOrDefault(id, 0), problems));
        tallies.add(Tally.of("lever-script", leverScript.invoked(), mac -> byMac.getOrDefault(mac, 0), problems));
    }

    /** The lease table agrees with the last action of each address's history, and the history with the events. */
    private static void auditLeases(Handle h, List<String> problems) {
        h.createQuery("SELECT event_id, COUNT(*) FROM lease_history GROUP BY event_id HAVING COUNT(*) > 1")
                .map((rs, ctx) -> rs.getLong(1) + " x" + rs.getLong(2)).list()
                .forEach(e -> problems.add("doubled: lease history rows for one event: " + e));
        h.createQuery("SELECT id FROM lease_history hi WHERE event_id IS NULL OR NOT EXISTS (SELECT 1 FROM"
                + " dhcp_event e WHERE e.id = hi.event_id)").mapTo(Long.class).list()
                .forEach(id -> problems.add("half-applied: lease history row " + id + " without its event"));
        Map<Long, String[]> lastAction = new HashMap<>();
        h.createQuery("SELECT ip, lease_action, subscriber_id, mac FROM lease_history ORDER BY id")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .list().forEach(row -> lastAction.put((Long) row[0], new String[] {(String) row[1],
                        (String) row[2], (String) row[3]}));
        Map<Long, String[]> leases = new HashMap<>();
        h.createQuery("SELECT ip, subscriber_id, mac FROM lease").map((rs, ctx) -> new Object[] {rs.getLong(1),
                rs.getString(2), rs.getString(3)}).list()
                .forEach(row -> leases.put((Long) row[0], new String[] {(String) row[1], (String) row[2]}));
        for (Map.Entry<Long, String[]> e : lastAction.entrySet()) {
            boolean held = e.getValue()[0].endsWith("assign");
            String[] lease = leases.get(e.getKey());
            if (held != (lease != null) || held && !(lease[0].equals(e.getValue()[1])
                    && Objects.equals(lease[1], e.getValue()[2]))) {
                problems.add("half-applied: lease of " + e.getKey() + " is " + (lease == null ? "absent"
                        : String.join("/", lease)) + " but its history ends with " + String.join("/",
                        e.getValue()));
            }
        }
        for (Long ip : leases.keySet()) {
            if (!lastAction.containsKey(ip)) {
                problems.add("half-applied: lease of " + ip + " without history");
            }
        }
    }

    /**
     * (c): per call, the credit its acknowledged Start reserved is held (a confirmed reservation of its account) until
     * its acknowledged Stop charges it once and gives the reservation back; balances move by exactly the charges, and
     * each account's {@code held} and {@code calls} are its reservation rows (V6), never below zero.
     */
    private void auditCalls(Handle h, List<Tally> tallies, List<String> problems) {
        Map<String, Integer> charges = new HashMap<>();
        Map<String, BigDecimal> charged = auditCharges(h, charges, problems);
        Map<String, Integer> reservations = new HashMap<>();
        Map<String, Long> startsSent = softswitch.startsSent();
        h.createQuery("SELECT call_id, subscriber_id, answered, amount FROM billing_call_reservation")
                .map((rs, ctx) -> {
            String call = rs.getString(1);
            reservations.merge(call, 1, Integer::sum);
            Long calling = startsSent.get(call);
            if (calling == null) {
                problems.add("reservation for " + call + ", whose Start was never sent");
            } else if (!rs.getString(2).equals(CALLERS.get(Long.toString(calling))) || !rs.getBoolean(3)
                    || rs.getBigDecimal(4).signum() <= 0) {
                problems.add("wrong reservation for " + call + ": " + rs.getString(2) + " holds "
                        + rs.getBigDecimal(4) + (rs.getBoolean(3) ? "" : ", not confirmed by its Start")
                        + ", sent from " + calling);
            }
            return 0;
        }).list();
        Set<String> stopsAcked = new HashSet<>(softswitch.stopsAcknowledged());
        stopsAcked.addAll(softswitch.stopsResentAcknowledged());
        for (String call : stopsAcked) {
            if (reservations.containsKey(call)) {
                problems.add("half-applied: call " + call + " still holds its reservation after its Stop was"
                        + " acknowledged");
            }
        }
        // The Start's credit is held, or charged by a Stop: once. An acknowledged Stop's charge is the Stop's tally.
        ToIntFunction<String> heldOrCharged = call -> reservations.getOrDefault(call, 0)
                + (stopsAcked.contains(call) ? 1 : charges.getOrDefault(call, 0));
        tallies.add(Tally.of(Tally.STARTS, softswitch.startsAcknowledged(), heldOrCharged, problems));
        tallies.add(Tally.of(Tally.STARTS_RESENT, softswitch.startsResentAcknowledged(), heldOrCharged, problems));
        tallies.add(Tally.of(Tally.STOPS, softswitch.stopsAcknowledged(), id -> charges.getOrDefault(id, 0),
                problems));
        tallies.add(Tally.of(Tally.STOPS_RESENT, softswitch.stopsResentAcknowledged(),
                id -> charges.getOrDefault(id, 0), problems));
        unanswered("Start", startsSent.keySet(), softswitch.startsAcknowledged(),
                softswitch.startsResentAcknowledged(), problems);
        unanswered("Stop", softswitch.stopsSent().keySet(), softswitch.stopsAcknowledged(),
                softswitch.stopsResentAcknowledged(), problems);
        softswitch.rejected().forEach(r -> problems.add("refused: " + r + ", though its account pays for every call"));
        h.createQuery("SELECT id, balance, held, calls FROM billing_subscriber").map((rs, ctx) -> {
            String id = rs.getString(1);
            BigDecimal balance = rs.getBigDecimal(2);
            BigDecimal opening = OPENING_BALANCE.get(id);
            if (opening != null && balance.compareTo(opening.subtract(charged.getOrDefault(id, BigDecimal.ZERO)))
                    != 0) {
                problems.add("half-applied: balance of " + id + " is " + balance.setScale(2, RoundingMode.HALF_UP)
                        + ", opening balance less its stored charges is " + opening.subtract(charged.getOrDefault(id,
                        BigDecimal.ZERO)));
            }
            // No Stop charges more than its Start reserved: what the calls hold never exceeds the balance.
            if (rs.getBigDecimal(3).signum() < 0 || rs.getLong(4) < 0 || balance.compareTo(rs.getBigDecimal(3)) < 0) {
                problems.add("below zero: " + id + " has balance " + balance + " and holds " + rs.getBigDecimal(3)
                        + " for " + rs.getLong(4) + " calls");
            }
            return 0;
        }).list();
        // The credit an account row says its calls hold is what its reservation rows hold (V6), Stops or not.
        h.createQuery("SELECT s.id, s.held, s.calls, COALESCE(SUM(r.amount), 0), COUNT(r.call_id)"
                + " FROM billing_subscriber s LEFT JOIN billing_call_reservation r ON r.subscriber_id = s.id"
                + " GROUP BY s.id, s.held, s.calls").map((rs, ctx) -> {
                    if (rs.getBigDecimal(2).compareTo(rs.getBigDecimal(4)) != 0 || rs.getLong(3) != rs.getLong(5)) {
                        problems.add("half-applied: " + rs.getString(1) + " holds " + rs.getBigDecimal(2) + " for "
                                + rs.getLong(3) + " calls, its reservations " + rs.getBigDecimal(4) + " for "
                                + rs.getLong(5));
                    }
                    return 0;
                }).list();
    }

    /**
     * Reads the charges: how many each call has, each checked against its Stop.
     *
     * @return what was charged, by account
     */
    private Map<String, BigDecimal> auditCharges(Handle h, Map<String, Integer> charges, List<String> problems) {
        Map<String, long[]> stopsSent = softswitch.stopsSent();
        Map<String, BigDecimal> charged = new HashMap<>();
        h.createQuery("SELECT acct_key, subscriber_id, seconds, charge FROM billing_call_charge").map((rs, ctx) -> {
            String session = rs.getString(1).split("\\|")[0];
            charges.merge(session, 1, Integer::sum);
            String subscriber = rs.getString(2);
            BigDecimal charge = rs.getBigDecimal(4);
            charged.merge(subscriber, charge, BigDecimal::add);
            long[] sent = stopsSent.get(session);
            if (sent == null) {
                problems.add("charge for " + session + ", which was never sent");
            } else {
                BigDecimal expected = PER_MINUTE.multiply(BigDecimal.valueOf((sent[1] + 59) / 60));
                if (rs.getLong(3) != sent[1] || charge.compareTo(expected) != 0
                        || !subscriber.equals(CALLERS.get(Long.toString(sent[0])))) {
                    problems.add("wrong charge for " + session + ": " + subscriber + " " + rs.getLong(3) + " s "
                            + charge + ", sent " + sent[0] + " " + sent[1] + " s");
                }
            }
            return 0;
        }).list();
        return charged;
    }

    /** Adds a problem for each record sent that was answered neither before nor after the restart. */
    private static void unanswered(String kind, Set<String> sent, Set<String> acked, Set<String> resentAcked,
            List<String> problems) {
        for (String id : sent) {
            if (!acked.contains(id) && !resentAcked.contains(id)) {
                problems.add("unanswered: " + kind + " " + id + " was not answered even when sent again");
            }
        }
    }

    /** (d): the PCRF state reflects every acknowledged record; a quota transition is stored once. */
    private void auditPcrf(Handle h, List<Tally> tallies, List<String> problems) {
        Map<String, Object[]> states = new HashMap<>();
        h.createQuery("SELECT s.subscriber_id, t.step, t.quotas, t.sessions FROM pcrf_subscriber s JOIN pcrf_state"
                + " t ON t.row_id = s.row_id").map((rs, ctx) -> new Object[] {rs.getString(1), rs.getInt(2),
                        rs.getString(3), rs.getString(4)}).list()
                .forEach(row -> states.put((String) row[0], row));
        Map<String, List<String>> transitions = new HashMap<>();
        h.createQuery("SELECT s.subscriber_id, t.from_step, t.to_step, t.reason FROM pcrf_transition t JOIN"
                + " pcrf_subscriber s ON s.row_id = t.row_id").map((rs, ctx) -> new String[] {rs.getString(1),
                        rs.getInt(2) + ">" + rs.getInt(3) + " " + rs.getString(4)}).list()
                .forEach(t -> transitions.computeIfAbsent(t[0], k -> new ArrayList<>()).add(t[1]));
        long acked = 0;
        long stored = 0;
        long lost = 0;
        long doubled = 0;
        for (Map.Entry<String, Object[]> e : states.entrySet()) {
            String user = e.getKey();
            if (!user.startsWith(bras.prefix())) {
                continue;
            }
            int step = (Integer) e.getValue()[1];
            long remaining = Long.parseLong(((String) e.getValue()[2]).split("\\|")[0].split(":", -1)[0]);
            long sessionSeconds = sessionSeconds((String) e.getValue()[3], user + "-s");
            List<String> ts = transitions.getOrDefault(user, List.of());
            if (step == 0 && !ts.isEmpty() || step == 1 && ts.isEmpty() || step > 1) {
                problems.add("half-applied: " + user + " at step " + step + " with transitions " + ts);
            }
            if (step == 0 && QUOTA_SECONDS - remaining != Math.max(sessionSeconds, 0)) {
                problems.add("half-applied: " + user + " has " + remaining + " s left but its session counted "
                        + sessionSeconds + " s");
            }
            if (ts.size() > 1) {
                doubled += ts.size() - 1;
                problems.add("doubled: " + user + " transitions " + ts);
            }
            if (step == 1 && !ts.equals(List.of("0>1 TIME_QUOTA"))) {
                problems.add("half-applied: " + user + " moved by " + ts + ", not by its time quota");
            }
        }
        for (Map.Entry<String, Integer> e : bras.recordsAcknowledged().entrySet()) {
            String user = e.getKey();
            long highest = bras.highestAcknowledged().get(user);
            acked += e.getValue();
            Object[] state = states.get(user);
            long progress;
            if (state == null) {
                progress = Long.MIN_VALUE;   // not even the authorization
            } else if ((Integer) state[1] >= 1) {
                progress = QUOTA_SECONDS;
            } else {
                progress = sessionSeconds((String) state[3], user + "-s");
            }
            // Records answered: authorization (-1), start (0), interims 1800 .. 7200; any above progress is gone.
            long reflected = e.getValue() - recordsAbove(progress, highest);
            stored += reflected;
            if (reflected < e.getValue()) {
                lost += e.getValue() - reflected;
                problems.add("lost: " + user + " had records up to " + highest + " s acknowledged, stored: "
                        + (state == null ? "nothing" : "step " + state[1] + ", session at " + progress + " s"));
            }
        }
        tallies.add(new Tally("pcrf", acked, stored, lost, doubled));
        String[] stillUnanswered = bras.unanswered();
        if (stillUnanswered != null) {
            problems.add("unanswered: the BRAS sent " + stillUnanswered[0] + "'s record " + stillUnanswered[1]
                    + " again after the restart and got no answer");
        }
        // The BRAS was told services-reauth: the transition that caused it must be stored (once: see above).
        Set<String> reauthorized = bras.reauthorized();
        long reauthLost = 0;
        for (String user : reauthorized) {
            if (transitions.getOrDefault(user, List.of()).isEmpty()) {
                reauthLost++;
                problems.add("lost: " + user + " was sent services-reauth, but no transition is stored");
            }
        }
        tallies.add(new Tally(Tally.REAUTH, reauthorized.size(), reauthorized.size() - reauthLost, reauthLost, 0));
    }

    /** How many of a subscriber's records up to {@code highest} (-1, 0, 1800, ...) lie above what was stored. */
    private static long recordsAbove(long progress, long highest) {
        long count = 0;
        for (long s = -1; s <= highest; s = s < 0 ? 0 : s + 1800) {
            if (s > progress) {
                count++;
            }
        }
        return count;
    }

    /** The session's cumulative seconds in pcrf_state.sessions, -1 when the session is not there. */
    private static long sessionSeconds(String sessions, String id) {
        for (String line : sessions.split("\n")) {
            String[] f = line.split("\t");
            if (f.length > 3 && f[0].equals(id)) {
                return Long.parseLong(f[3]);
            }
        }
        return -1;
    }
}
