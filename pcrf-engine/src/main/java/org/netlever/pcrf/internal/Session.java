package org.netlever.pcrf.internal;

/**
 * An open accounting session and the cumulative counters last seen on it. Guarded by its subscriber's monitor.
 * Not thread-safe on its own.
 */
final class Session {
    final String id;
    final Subscriber subscriber;
    final String service;
    final String nas;
    long seconds;
    long input;
    long output;
    boolean gigawords;
    long lastSeenMillis;

    Session(String id, Subscriber subscriber, String service, String nas) {
        this.id = id;
        this.subscriber = subscriber;
        this.service = service;
        this.nas = nas;
    }
}
