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
        private final long receivedAt;
        private volatile byte[] reply;
        private volatile long expiresAt = Long.MAX_VALUE;

        Entry(byte[] authenticator, long receivedAtMillis) {
            this.authenticator = authenticator;
            this.receivedAt = receivedAtMillis;
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

    /**
     * Forgets answered requests whose time is over, and requests still unanswered since before
     * {@code unansweredSinceMillis}: a handler that never completes must not keep its entry (and so drop every
     * retransmission as a duplicate) for ever.
     *
     * @param nowMillis the time
     * @param unansweredSinceMillis requests unanswered since before this are forgotten
     * @param forgotten given the key of each unanswered request forgotten
     */
    void sweep(long nowMillis, long unansweredSinceMillis, java.util.function.LongConsumer forgotten) {
        entries.entrySet().removeIf(e -> {
            Entry entry = e.getValue();
            if (entry.expired(nowMillis)) {
                return true;
            }
            if (entry.reply == null && entry.receivedAt < unansweredSinceMillis) {
                forgotten.accept(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** The source address of a key, as {@link #key} made it. */
    static int address(long key) {
        return (int) (key >>> 24);
    }

    /** The source port of a key. */
    static int port(long key) {
        return (int) ((key >>> 8) & 0xffff);
    }
}
