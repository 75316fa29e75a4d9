/**
 * DHCP Relay Agent Information (Option 82, RFC 3046): parsing, the textual forms dhcpd, Kea and RADIUS use, vendor
 * circuit-id / remote-id decoders, and {@link org.netlever.option82.MacAddress}.
 *
 * <p>The usual path from what a DHCP server reports to a device and a port:
 * <pre>{@code
 * RelayAgentInformation info = RelayAgentInformation.parse("0x010600040064000502080006001122334455"); // Kea
 * DeviceLocation where = Option82Decoders.autoDetect().decodeOrThrow(info);
 * where.deviceMac();   // Optional[00:11:22:33:44:55]
 * where.port();        // OptionalInt[5]
 * where.decoder();     // "common-binary"
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its documentation says otherwise (builders are not).
 * Errors are {@link org.netlever.option82.Option82Exception}s: {@link org.netlever.option82.Option82ParseException}
 * names the field and offset of malformed input, {@link org.netlever.option82.UnrecognizedOption82Exception} says a
 * well-formed option is in no known format.
 */
package org.netlever.option82;
