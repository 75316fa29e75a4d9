package org.netlever.aaa.radius.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 5080 section 2.2.2 duplicate detection for one listening socket: requests keyed by source address, source port
 * and Identifier, told apart by their Request Authenticator. An entry is in progress until its reply is stored, then
 * answered until it expires. Thread-safe: the network thread looks entries up and the worker pool completes them.
 */
final class ReplyCache {

    /** One request seen: in progress until {@link #complete(byte[], long)}. */
    static final class Entry {
        final byte[] authenticator;
        private volatile byte[] reply;
        private volatile long expiresAt = Long.MAX_VALUE;

        Entry(byte[] authenticator) {
            this.authenticator = authenticator;
        }

        boolean sameRequest(byte[] packet) {
            return Crypto.equalsAt(packet, 4, authenticator);
        }

        void complete(byte[] replyOctets, long expiresAtMillis) {
            reply = replyOctets;
            expiresAt = expiresAtMillis;
        }

        byte[] reply() {
            return reply;
        }

        boolean expired(long nowMillis) {
            return reply != null && expiresAt <= nowMillis;
        }
    }

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();

    static long key(int address, int port, int identifier) {
        return ((address & 0xffffffffL) << 24) | ((long) (port & 0xffff) << 8) | (identifier & 0xff);
    }

    Entry get(long key) {
        return entries.get(key);
    }

    void put(long key, Entry entry) {
        entries.put(key, entry);
    }

    void remove(long key, Entry entry) {
        entries.remove(key, entry);
    }

    int size() {
        return entries.size();
    }

    void sweep(long nowMillis) {
        entries.values().removeIf(entry -> entry.expired(nowMillis));
    }
}
