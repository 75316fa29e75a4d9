/**
 * Lease bookkeeping (S1.2–S1.8): {@link org.netlever.aaa.lease.LeaseService} authorizes DHCP commits by Option 82
 * against billing's {@link org.netlever.aaa.lease.SubscriberDirectory} and records, renews, reassigns or frees leases;
 * {@link org.netlever.aaa.lease.IpPools} holds the pools and allocates addresses; the NAS hears about every change
 * through {@link org.netlever.aaa.lease.NasSync}, delivered with retries by
 * {@link org.netlever.aaa.lease.NasSyncWorker}, over RADIUS CoA with {@link org.netlever.aaa.lease.nas.CoaNasSync}.
 */
package org.netlever.aaa.lease;
