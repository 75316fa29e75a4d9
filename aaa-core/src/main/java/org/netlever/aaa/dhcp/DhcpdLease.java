package org.netlever.aaa.dhcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * One {@code lease A.B.C.D { … }} record of ISC dhcpd's {@code dhcpd.leases} (see {@link DhcpdLeasesParser}), with
 * the fields netlever uses, and the lease event it stands for.
 *
 * <h2>Binding states</h2>
 * dhcpd appends a record whenever a lease changes, with the lease's new {@code binding state}:
 * <ul>
 *   <li>{@code active} is a {@linkplain DhcpEventType#COMMIT commit} (a renewal when the same subscriber holds the
 *       address already — the lease service tells);</li>
 *   <li>{@code released} is a {@linkplain DhcpEventType#RELEASE release}, {@code expired} an
 *       {@linkplain DhcpEventType#EXPIRY expiry};</li>
 *   <li>{@code free}: without failover dhcpd writes a release and an expiry alike, as {@code free} with
 *       {@code ends} and {@code tstp} at the moment the lease ended (recorded from dhcpd 4.4.3-P1): only the lease
 *       it ends tells them apart — a release ends it early. So {@code free} is a
 *       {@linkplain DhcpEventType#RELEASE release} when it ends before the end of the lease netlever holds for the
 *       address ({@link #eventType(Optional)}), else an {@linkplain DhcpEventType#EXPIRY expiry};</li>
 *   <li>{@code abandoned} (the address answered a ping or the client declined it) is a
 *       {@linkplain DhcpEventType#DECLINE decline}: nobody may keep the address;</li>
 *   <li>{@code backup} and {@code reset} (failover: the address is free, owned by one of the peers) are an
 *       {@linkplain DhcpEventType#EXPIRY expiry} — freeing an address nobody holds changes nothing;</li>
 *   <li>{@code bootp}, {@code reserved} and unknown states stand for no event ({@link #eventType()} is empty).</li>
 * </ul>
 * Free records carry no Option 82 and no host name (dhcpd drops them first): the lease service frees by address.
 *
 * <h2>Source event id</h2>
 * {@link #sourceEventId()} is made of the address, the binding state and {@code starts}, {@code ends} and
 * {@code cltt}: the same change written again — by dhcpd's periodic rewrite, which copies every lease's latest record
 * into the new file (adding a {@code tstp}, which the id leaves out) — has the same id and is a duplicate, while a
 * renewal (new {@code starts}, {@code ends}, {@code cltt}) is a new event. A release netlever missed while stopped
 * appears in the rewritten file as the same {@code free} record, so it is still delivered once.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ip the leased address
 * @param bindingState the {@code binding state}, lower case (empty text if the record has none)
 * @param starts {@code starts}, or empty
 * @param ends {@code ends}, or empty (also for {@code never})
 * @param cltt the client's last transaction time, or empty
 * @param hardware the {@code hardware ethernet} address, or empty
 * @param option82 {@code option agent.circuit-id} and {@code option agent.remote-id}, or empty
 * @param clientHostname {@code client-hostname}, or empty
 */
public record DhcpdLease(Ipv4Address ip, String bindingState, Optional<Instant> starts, Optional<Instant> ends,
        Optional<Instant> cltt, Optional<MacAddress> hardware, Optional<RelayAgentInformation> option82,
        Optional<String> clientHostname) {

    /** Validates. */
    public DhcpdLease {
        Objects.requireNonNull(ip, "ip");
        bindingState = Objects.requireNonNull(bindingState, "bindingState").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(ends, "ends");
        Objects.requireNonNull(cltt, "cltt");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(option82, "option82");
        Objects.requireNonNull(clientHostname, "clientHostname");
    }

    /**
     * The event the record stands for (see the class description), a {@code free} record taken for an expiry.
     *
     * @return the event type, or empty for a binding state that is no event
     */
    public Optional<DhcpEventType> eventType() {
        return eventType(Optional.empty());
    }

    /**
     * The event the record stands for, a {@code free} record judged against the lease held for the address.
     *
     * @param heldUntil the end of the lease netlever holds for {@link #ip()}, if it holds one
     * @return the event type, or empty for a binding state that is no event
     */
    public Optional<DhcpEventType> eventType(Optional<Instant> heldUntil) {
        return switch (bindingState) {
            case "active" -> Optional.of(DhcpEventType.COMMIT);
            case "released" -> Optional.of(DhcpEventType.RELEASE);
            case "expired", "backup", "reset" -> Optional.of(DhcpEventType.EXPIRY);
            case "abandoned" -> Optional.of(DhcpEventType.DECLINE);
            case "free" -> Optional.of(endedEarly(heldUntil) ? DhcpEventType.RELEASE : DhcpEventType.EXPIRY);
            default -> Optional.empty();
        };
    }

    private boolean endedEarly(Optional<Instant> heldUntil) {
        return ends.isPresent() && heldUntil.isPresent() && ends.get().isBefore(heldUntil.get());
    }

    /**
     * The record's identity as an event: address, binding state, {@code starts}, {@code ends}, {@code cltt} (Unix
     * seconds, {@code -} when absent), e.g. {@code 198.51.100.10/active/1764619456/1764619476/1764619456}.
     *
     * @return at most 64 characters
     */
    public String sourceEventId() {
        return ip + "/" + bindingState + "/" + seconds(starts) + "/" + seconds(ends) + "/" + seconds(cltt);
    }

    private static String seconds(Optional<Instant> t) {
        return t.map(i -> Long.toString(i.getEpochSecond())).orElse("-");
    }

    /**
     * The lease event.
     *
     * @param source the source to name ({@link EventSource#DHCPD_LEASES})
     * @return the event, with {@link #sourceEventId()}; empty for a binding state that is no event
     * @throws DhcpEventException if the record has no time at all, so it cannot be placed among the lease's changes
     */
    public Optional<DhcpEvent> toEvent(EventSource source) {
        return toEvent(source, Optional.empty());
    }

    /**
     * The lease event, a {@code free} record judged against the lease held for the address
     * ({@link #eventType(Optional)}).
     *
     * @param source the source to name ({@link EventSource#DHCPD_LEASES})
     * @param heldUntil the end of the lease netlever holds for {@link #ip()}, if it holds one
     * @return the event, with {@link #sourceEventId()}; empty for a binding state that is no event
     * @throws DhcpEventException if the record has no time at all, so it cannot be placed among the lease's changes
     */
    public Optional<DhcpEvent> toEvent(EventSource source, Optional<Instant> heldUntil) {
        Optional<DhcpEventType> type = eventType(heldUntil);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Instant at = occurredAt(type.get()).orElseThrow(() -> new DhcpEventException("lease " + ip,
                "no starts, ends or cltt: the record cannot be placed in time"));
        DhcpEvent.Builder b = DhcpEvent.builder(type.get(), ip, source, at).sourceEventId(sourceEventId());
        hardware.ifPresent(b::clientMac);
        clientHostname.ifPresent(b::hostname);
        if (type.get() == DhcpEventType.COMMIT) {
            option82.ifPresent(b::option82);
            if (starts.isPresent() && ends.isPresent() && ends.get().isAfter(starts.get())) {
                b.leaseTime(Duration.between(starts.get(), ends.get()));
            }
        }
        return Optional.of(b.build());
    }

    /** A commit or a decline happened at the client's last transaction; a release or expiry at the lease's end. */
    private Optional<Instant> occurredAt(DhcpEventType type) {
        if (type == DhcpEventType.COMMIT || type == DhcpEventType.DECLINE) {
            return cltt.or(() -> starts).or(() -> ends);
        }
        return Stream.of(starts, ends, cltt).flatMap(Optional::stream).max(Instant::compareTo);
    }
}
