/**
 * The operations API of {@code netlever serve} ({@code docs/api.md}): bearer-token authentication with read and admin
 * roles, keyset pages, JSON conventions, and the route modules that read leases, DHCP events, the NAS-sync queue,
 * calls, RADIUS drops and PCRF state, and write the reference billing.
 */
package org.netlever.server.api;
