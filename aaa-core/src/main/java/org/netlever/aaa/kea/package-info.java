/**
 * Kea's own lease store as a source of lease events (issue 14, S1.1–S1.3), read by netlever instead of a process Kea
 * starts per lease: {@link org.netlever.aaa.kea.KeaMemfileFollower} follows the memfile CSV
 * ({@code kea-leases4.csv}) across Lease File Cleanup; {@link org.netlever.aaa.kea.KeaLease4} is one row of Kea's
 * {@code lease4} columns — the CSV's and the PostgreSQL table's — with the relay information
 * {@code store-extended-info} keeps in its user context (Kea 2.2's hex string and 2.4's map), and
 * {@link org.netlever.aaa.kea.KeaLeaseEvents} says which lease event a row is.
 */
package org.netlever.aaa.kea;
