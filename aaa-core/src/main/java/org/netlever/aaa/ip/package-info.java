/**
 * IPv4 values: {@link org.netlever.aaa.ip.Ipv4Address}, {@link org.netlever.aaa.ip.Ipv4Network} and
 * {@link org.netlever.aaa.ip.IpPool}, the pools leases are checked against and addresses allocated from. All
 * immutable and thread-safe; the database-backed registry of pools is {@link org.netlever.aaa.lease.IpPools}.
 */
package org.netlever.aaa.ip;
