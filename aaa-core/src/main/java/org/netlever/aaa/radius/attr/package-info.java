/**
 * Typed builders and readers for the attributes softswitch billing lives on (S2.8): Cisco's voice VSAs
 * ({@link org.netlever.aaa.radius.attr.H323}: {@code h323-conf-id}, the setup / connect / disconnect times in
 * {@link org.netlever.aaa.radius.attr.H323Time}'s textual form, {@code h323-disconnect-cause} as a
 * {@link org.netlever.aaa.radius.attr.Q850Cause}, {@code h323-return-code}, {@code h323-credit-time} …) and the
 * standard accounting attributes ({@link org.netlever.aaa.radius.attr.Accounting}: status type, interim interval,
 * session timeout, Event-Timestamp, 64-bit octet counters over Gigawords), and the zone abbreviations netlever reads
 * without an installation's table ({@link org.netlever.aaa.radius.attr.ZoneAbbreviations}).
 */
package org.netlever.aaa.radius.attr;
