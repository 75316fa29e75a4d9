package org.netlever.pcrf.internal;

import org.netlever.pcrf.NasIdentity;

/**
 * An accounting session and the cumulative counters the engine believes of it: the Acct-Session-Time and octet
 * counts (unsigned) of the last record it accepted, which the line rate is measured from. A stopped session stays as a tombstone for a while, so that a retransmitted Stop or a late
 * Interim counts nothing twice. Guarded by its subscriber's monitor. Not thread-safe on its own.
 */
final class Session {

    /** {@link #closedAtMillis} of a session that has not stopped. */
    static final long OPEN = -1;

    final String id;
    final Subscriber subscriber;
    final String service;
    /** The BRAS it is on, by every name its accounting gave (interned by the engine: few distinct values). */
    final NasIdentity nas;
    long seconds;
    long input;
    long output;
    boolean gigawords;
    long lastSeenMillis;
    /** When the Stop came (epoch milliseconds), or {@link #OPEN}. */
    long closedAtMillis = OPEN;

    Session(String id, Subscriber subscriber, String service, NasIdentity nas) {
        this.id = id;
        this.subscriber = subscriber;
        this.service = service;
        this.nas = nas;
    }

    boolean isOpen() {
        return closedAtMillis == OPEN;
    }
}
