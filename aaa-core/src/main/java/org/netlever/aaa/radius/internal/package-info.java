/**
 * Implementation of the RADIUS packages: the wire codec, the server engine on JDK datagram channels, the client
 * engine on Netty, the reply cache, and the bridge to tinyradius dictionaries. Not public API.
 */
package org.netlever.aaa.radius.internal;
