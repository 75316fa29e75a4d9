/**
 * Reading the lease tables for operators (issue 15): leases by address, subscriber, MAC, device, pool and state; the
 * DHCP event log by outcome, source, address, subscriber and time; the lease history; the NAS-sync queue and its
 * summary. {@link org.netlever.aaa.lease.query.LeaseReads} runs the queries; the query records say what to read and
 * from where. Every list is a keyset page on an index: a query names the key the previous page ended at
 * ({@code after} or {@code before}) and the most rows to return, so a page costs the same at the millionth row as at
 * the first and rows added meanwhile are neither skipped nor repeated.
 */
package org.netlever.aaa.lease.query;
