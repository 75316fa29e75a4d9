/**
 * RADIUS clients: {@link org.netlever.aaa.radius.client.RadiusClient} with ordered failover over server lists
 * declared as in S2.9 ({@link org.netlever.aaa.radius.client.RadiusServerDefinition}), identical retransmissions and
 * Status-Server probes; {@link org.netlever.aaa.radius.client.CoaClient} for RFC 5176 CoA and Disconnect; and
 * {@link org.netlever.aaa.radius.client.CoaNasSync}, the RADIUS CoA implementation of the lease module's NAS-sync
 * hook.
 */
package org.netlever.aaa.radius.client;
