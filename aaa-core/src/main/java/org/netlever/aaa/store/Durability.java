package org.netlever.aaa.store;

/**
 * What a committed transaction of an embedded H2 file database survives once {@link Database#inTransaction} has
 * returned — the moment netlever acknowledges anything (an HTTP 200 to the lever, an Accounting-Response, a CoA
 * announcing a PCRF transition).
 *
 * <p>H2's storage engine (MVStore) keeps commits in memory and writes them to its file in the background every 500 ms;
 * a killed process loses what was not written yet. netlever therefore writes the file itself before a transaction is
 * reported committed, with one write for every transaction that committed while the previous write was under way
 * (group commit): concurrent callers share a write, a single caller pays one per transaction — where one
 * acknowledgement covers many transactions, {@link Database#inDurableGroup} waits once for all of them.
 *
 * <p>PostgreSQL needs none of this: its commit returns after the write-ahead log is flushed (with the server's
 * default {@code synchronous_commit = on} and {@code fsync = on}; netlever does not change either). An in-memory H2
 * database has nothing to make durable.
 *
 * <p>Immutable; thread-safe.
 */
public enum Durability {

    /**
     * Written to the file and forced to the device ({@code fsync}) before the commit returns: survives a killed
     * process and a power loss or kernel crash, as far as the disk honours a flush. The default.
     */
    SYNC,

    /**
     * Written to the file (the operating system's page cache) before the commit returns, not forced to the device:
     * survives a killed process — the kernel still writes the data — but a power loss or kernel crash can lose the
     * commits of the last seconds (Linux writes dirty pages back within about 30 s by default). Faster where
     * {@code fsync} is slow.
     */
    WRITE
}
