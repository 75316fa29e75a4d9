package org.netlever.aaa.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/**
 * A row of the DHCP event log: an event as received and what became of it. Rejected input is logged too, with the
 * raw request, so an operator can see every event that reached netlever.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the log row
 * @param receivedAt when netlever received it
 * @param occurredAt when the DHCP server reported it, if known
 * @param source where it came from
 * @param sourceEventId the source's id for it (the lever's spool id), if any
 * @param type the event type, if the input was understood
 * @param ip the address, if the input was understood
 * @param mac the client MAC, if given
 * @param option82 the Option 82 payload in hex, if given
 * @param outcome the {@link LeaseOutcome#label() outcome label}
 * @param reason why it was rejected or left unchanged, if it was
 * @param subscriberId the subscriber it was attributed to, if any
 * @param deviceId the device it came through, if resolved
 * @param raw the request as received, for input that could not be understood
 */
public record RecordedEvent(long id, Instant receivedAt, Optional<Instant> occurredAt, EventSource source,
        Optional<String> sourceEventId, Optional<DhcpEventType> type, Optional<Ipv4Address> ip,
        Optional<MacAddress> mac, Optional<String> option82, String outcome, Optional<String> reason,
        Optional<String> subscriberId, Optional<String> deviceId, Optional<String> raw) {

    /**
     * Checks that nothing is missing.
     */
    public RecordedEvent {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(option82, "option82");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(raw, "raw");
    }
}
