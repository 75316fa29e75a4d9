/**
 * The lever endpoint (S1.1): {@link org.netlever.aaa.lever.LeverServer} takes the events the lever script posts for
 * ISC dhcpd, Kea or a djing lever, authenticated with an HMAC-SHA256 signature ({@link
 * org.netlever.aaa.lever.LeverSignature}) over a secret shared with the lever ({@link
 * org.netlever.aaa.lever.LeverSecret}), and hands them to the lease service.
 */
package org.netlever.aaa.lever;
