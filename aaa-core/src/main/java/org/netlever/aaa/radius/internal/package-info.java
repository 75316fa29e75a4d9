/**
 * Implementation of the RADIUS packages: the wire codec, the server and client engines on Netty, the reply cache,
 * and the bridge to tinyradius dictionaries. Not public API.
 */
package org.netlever.aaa.radius.internal;
