/**
 * DHCP lease events (S1.1–S1.3) — commit, release, expiry, decline — and the adapters that make them from what real
 * servers hand their scripts: ISC dhcpd's {@code execute()} arguments, Kea's {@code run_script} environment, and
 * djing's pre-decoded lever contract. All adapters are stateless and thread-safe; malformed input is a
 * {@link org.netlever.aaa.dhcp.DhcpEventException} naming the field.
 */
package org.netlever.aaa.dhcp;
