/**
 * RADIUS clients: {@link org.netlever.aaa.radius.client.RadiusClient} with ordered failover over server lists
 * declared as in S2.9 ({@link org.netlever.aaa.radius.client.RadiusServerDefinition}), identical retransmissions and
 * Status-Server probes; and {@link org.netlever.aaa.radius.client.CoaClient} for RFC 5176 CoA and Disconnect, which
 * {@link org.netlever.aaa.lease.nas.CoaNasSync} uses to tell the NAS about lease changes.
 */
package org.netlever.aaa.radius.client;
