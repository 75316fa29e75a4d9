package org.netlever.aaa.lever.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces seen within the replay window, so a captured request cannot be sent again. Not API.
 *
 * <p>Thread-safe.
 */
public final class NonceCache {

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final long windowSeconds;
    private final AtomicLong lastPurge = new AtomicLong();

    /**
     * Creates the cache.
     *
     * @param windowSeconds how long a nonce is remembered
     */
    public NonceCache(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    /**
     * Remembers a nonce.
     *
     * @param nonce the nonce
     * @param nowSeconds the current Unix time
     * @return {@code true} if it was new; {@code false} if it was seen within the window (a replay)
     */
    public boolean firstUse(String nonce, long nowSeconds) {
        purge(nowSeconds);
        Long previous = expiries.putIfAbsent(nonce, nowSeconds + windowSeconds);
        if (previous == null) {
            return true;
        }
        if (previous < nowSeconds) {
            return expiries.replace(nonce, previous, nowSeconds + windowSeconds);
        }
        return false;
    }

    private void purge(long nowSeconds) {
        long last = lastPurge.get();
        if (nowSeconds - last >= 10 && lastPurge.compareAndSet(last, nowSeconds)) {
            expiries.values().removeIf(expiry -> expiry < nowSeconds);
        }
    }

    /**
     * How many nonces are remembered.
     *
     * @return the count
     */
    public int size() {
        return expiries.size();
    }
}
