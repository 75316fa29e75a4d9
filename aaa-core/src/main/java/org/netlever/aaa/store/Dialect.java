package org.netlever.aaa.store;

import java.util.Locale;

/**
 * The SQL databases netlever stores its tables in: H2 (embedded, the default) and PostgreSQL (production). The two
 * share one schema; where they differ — row locking that skips locked rows, cross-process locks — netlever asks the
 * dialect.
 *
 * <p>Thread-safe (an enum).
 */
public enum Dialect {
    /** H2 2.x, embedded in the application. */
    H2,
    /** PostgreSQL 12 or newer. */
    POSTGRESQL;

    /**
     * The dialect of a JDBC database product name, as {@code DatabaseMetaData.getDatabaseProductName()} reports it.
     *
     * @param productName e.g. {@code H2} or {@code PostgreSQL}
     * @return the dialect
     * @throws StoreException for any other database
     */
    public static Dialect of(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new StoreException("netlever stores its tables in H2 or PostgreSQL, not in " + productName);
    }

    /**
     * The clause that makes {@code SELECT ... FOR UPDATE} skip rows other transactions hold, so that several
     * netlever instances can share a work queue.
     *
     * @return {@code " FOR UPDATE SKIP LOCKED"} on PostgreSQL, {@code " FOR UPDATE"} on H2 (one process)
     */
    public String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
    }
}
