package org.netlever.aaa.lease;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.netlever.device.Device;
import org.netlever.option82.MacAddress;

/**
 * What {@link LeaseService} did with a DHCP event. Every outcome — including every rejection — is recorded in the
 * event log under {@link #eventId()}; nothing is dropped silently (S1.5).
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface LeaseOutcome {

    /**
     * The event's row in the event log.
     *
     * @return the event id
     */
    long eventId();

    /**
     * A short lower-case name, as stored in the event log and returned by the lever endpoint.
     *
     * @return e.g. {@code assigned}
     */
    String label();

    /**
     * Whether the lease table changed.
     *
     * @return {@code true} for assigned, reassigned and freed
     */
    default boolean changed() {
        return this instanceof Assigned || this instanceof Reassigned || this instanceof Freed;
    }

    /**
     * The address was free and is now the subscriber's (S1.3).
     *
     * @param eventId the event log row
     * @param lease the new lease
     */
    record Assigned(long eventId, Lease lease) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Assigned {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String label() {
            return "assigned";
        }
    }

    /**
     * The same subscriber and MAC renewed the lease; only its times changed.
     *
     * @param eventId the event log row
     * @param lease the renewed lease
     */
    record Renewed(long eventId, Lease lease) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Renewed {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String label() {
            return "renewed";
        }
    }

    /**
     * The address was held by another subscriber or MAC and now is this one's; both ends are in the history.
     *
     * @param eventId the event log row
     * @param lease the new lease
     * @param previousSubscriberId who held it before
     * @param previousMac with which MAC
     */
    record Reassigned(long eventId, Lease lease, String previousSubscriberId, Optional<MacAddress> previousMac)
            implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Reassigned {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(previousSubscriberId, "previousSubscriberId");
            Objects.requireNonNull(previousMac, "previousMac");
        }

        @Override
        public String label() {
            return "reassigned";
        }
    }

    /**
     * The lease was released, expired or declined, and the address is free (S1.2).
     *
     * @param eventId the event log row
     * @param lease the lease that was freed
     * @param action release, expire or decline
     */
    record Freed(long eventId, Lease lease, LeaseAction action) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Freed {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String label() {
            return "freed";
        }
    }

    /**
     * A valid event that needed no change.
     *
     * @param eventId the event log row
     * @param reason why nothing changed
     * @param detail a one-line explanation
     */
    record Unchanged(long eventId, UnchangedReason reason, String detail) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Unchanged {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String label() {
            return "unchanged";
        }
    }

    /**
     * Why an event changed nothing.
     *
     * <p>Thread-safe (an enum).
     */
    enum UnchangedReason {
        /** Freeing an address nobody holds: already freed (servers report some releases twice). */
        NOT_HELD,
        /** The event is older than the lease's last change (a retransmission that arrived late). */
        STALE,
        /**
         * The same event (source and its event id) was already handled — resent after a lost response, or delivered
         * to two netlever processes; its {@code eventId} is the first handling's event log row.
         */
        DUPLICATE
    }

    /**
     * No account is bound where the client came from: the device (and, for a switch, the port) has no subscriber.
     *
     * @param eventId the event log row
     * @param device the device
     * @param port the port, for a switch
     */
    record NoSubscriber(long eventId, Device device, OptionalInt port) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public NoSubscriber {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(port, "port");
        }

        @Override
        public String label() {
            return "no-subscriber";
        }
    }

    /**
     * More than one account is bound where the client came from, so netlever will not guess which one it is.
     *
     * @param eventId the event log row
     * @param device the device
     * @param port the port, for a switch
     * @param subscriberIds the accounts bound there
     */
    record AmbiguousSubscriber(long eventId, Device device, OptionalInt port, List<String> subscriberIds)
            implements LeaseOutcome {
        /** Checks that nothing is missing and copies the list. */
        public AmbiguousSubscriber {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(port, "port");
            subscriberIds = List.copyOf(subscriberIds);
        }

        @Override
        public String label() {
            return "ambiguous-subscriber";
        }
    }

    /**
     * The event was not accepted.
     *
     * @param eventId the event log row
     * @param reason why
     * @param detail a one-line explanation naming what was decoded and looked up
     */
    record Rejected(long eventId, RejectReason reason, String detail) implements LeaseOutcome {
        /** Checks that nothing is missing. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String label() {
            return "rejected";
        }
    }

    /**
     * Why an event was rejected.
     *
     * <p>Thread-safe (an enum).
     */
    enum RejectReason {
        /** The event input was malformed (recorded by the lever endpoint). */
        INVALID_INPUT,
        /** No decoder recognises the Option 82. */
        UNRECOGNIZED_OPTION82,
        /**
         * The Option 82 is valid but carries no location — no circuit-id, no remote-id, only such sub-options as
         * link selection or relay port — and no device is registered by the relay address.
         */
        NO_LOCATION,
        /** Two or more registered devices have the key the Option 82 names (a host name, a relay interface). */
        AMBIGUOUS_DEVICE,
        /** The Option 82 names a device that is not registered (S1.5). */
        UNKNOWN_DEVICE,
        /** The device's type has no registered manager. */
        UNKNOWN_DEVICE_TYPE,
        /**
         * The device's own manager does not recognise its Option 82, or does not say its model sends the key the
         * device was found by.
         */
        NOT_IN_DEVICE_FORMAT,
        /** The device's manager reads another device in the Option 82. */
        DEVICE_MISMATCH,
        /** A switch's Option 82 carries no port. */
        NO_PORT,
        /** The port is outside the switch's ports. */
        PORT_OUT_OF_RANGE,
        /** A commit without Option 82 for an address no lease holds: nothing to renew, nothing to authorize by. */
        NO_OPTION82,
        /** The event's MAC differs from the lease's: another client cannot release or renew it. */
        MAC_MISMATCH,
        /** The account does not get addresses by DHCP. */
        NOT_DYNAMIC_IP,
        /** The account may not have access now. */
        ACCESS_DENIED,
        /** The address is in no pool of the account's kind. */
        IP_NOT_IN_POOL
    }
}
