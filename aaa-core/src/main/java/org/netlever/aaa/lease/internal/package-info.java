/**
 * The SQL of the lease tables, one class per table — {@link org.netlever.aaa.lease.internal.LeaseTable},
 * {@link org.netlever.aaa.lease.internal.LeaseHistoryTable}, {@link org.netlever.aaa.lease.internal.DhcpEventTable},
 * {@link org.netlever.aaa.lease.internal.NasSyncTable}, {@link org.netlever.aaa.lease.internal.IpPoolTable} — and
 * what they share ({@link org.netlever.aaa.lease.internal.Jdbc}). The read cursor of lease file
 * followers ({@link org.netlever.aaa.lease.internal.LeaseFileCursor}). Not API.
 */
package org.netlever.aaa.lease.internal;
