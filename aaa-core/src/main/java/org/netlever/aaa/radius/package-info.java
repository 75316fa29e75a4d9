/**
 * RADIUS for netlever (S2.8): the packet model — {@link org.netlever.aaa.radius.RadiusMessage} (code and attributes),
 * {@link org.netlever.aaa.radius.RadiusPacket} (as it travelled), {@link org.netlever.aaa.radius.RadiusAttribute} with
 * Vendor-Specific attributes flattened, the open constants {@link org.netlever.aaa.radius.PacketCode},
 * {@link org.netlever.aaa.radius.AttributeType} and {@link org.netlever.aaa.radius.VendorId} — and the curated
 * {@link org.netlever.aaa.radius.RadiusDictionary}.
 *
 * <p>The wire codec is tinyradius-netty for dictionaries and hidden attributes and netlever's own for framing and
 * authenticators; none of tinyradius's types appear here. Servers are in
 * {@link org.netlever.aaa.radius.server}, clients in {@link org.netlever.aaa.radius.client}, typed Cisco voice and
 * accounting attributes in {@link org.netlever.aaa.radius.attr}.
 */
package org.netlever.aaa.radius;
