/**
 * The RADIUS server billing embeds (S2): {@link org.netlever.aaa.radius.server.RadiusServer} with per-client secrets
 * ({@link org.netlever.aaa.radius.server.RadiusClientDefinition}), BlastRADIUS-era Message-Authenticator policies
 * ({@link org.netlever.aaa.radius.server.MessageAuthenticatorPolicy}), RFC 5080 duplicate handling, Status-Server,
 * and a bounded worker pool running billing's {@link org.netlever.aaa.radius.server.RadiusHandler}.
 */
package org.netlever.aaa.radius.server;
