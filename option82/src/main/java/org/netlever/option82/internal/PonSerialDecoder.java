package org.netlever.option82.internal;

import java.util.Locale;
import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * PON terminals identified by their GPON serial: four vendor letters and four bytes, written {@code ZTEGC0288E70}
 * or {@code HWTC1A2B3C4D}. A PON terminal serves one subscriber, so there is no port.
 *
 * <ul>
 *   <li><b>ZTE ONU</b> (ZTE C300/C320 OLTs): the circuit-id is the text serial {@code ZTEG} + 8 hex digits; the
 *       remote-id is the ONU MAC as text, octets not always zero-padded ({@code 45:47:c4:2:53:b3}).</li>
 *   <li><b>Huawei ONT</b> (MA5600/MA5800 OLTs, user-defined {@code raio-format}): the serial in the circuit-id, or
 *       failing that the remote-id, as text {@code HWTC1A2B3C4D}, as 16 hex digits {@code 48575443 1A2B3C4D}
 *       (the vendor letters in hex), or as 8 raw bytes {@code "HWTC" 1A 2B 3C 4D}; the text forms may end in
 *       {@code .<vlan>} ("sn.vlanid"). The other sub-option supplies the MAC when it holds one.</li>
 * </ul>
 * The serial is returned in the canonical form: vendor letters, then 8 upper-case hex digits.
 *
 * <p>Thread-safe (stateless).
 */
public final class PonSerialDecoder extends NamedDecoder {

    /** ZTE ONU: serial in the circuit-id, MAC text in the remote-id. */
    public static final PonSerialDecoder ZTE_ONU = new PonSerialDecoder("zte-onu", "ZTEG", false);
    /** Huawei ONT: serial in the circuit-id or the remote-id, in any of three encodings. */
    public static final PonSerialDecoder HUAWEI_ONT = new PonSerialDecoder("huawei-ont", "HWTC", true);

    private final String vendor;
    private final String vendorHex;
    private final boolean anyEncodingEitherSide;

    private PonSerialDecoder(String name, String vendor, boolean anyEncodingEitherSide) {
        super(name);
        this.vendor = vendor;
        StringBuilder hex = new StringBuilder();
        for (char c : vendor.toCharArray()) {
            hex.append(String.format("%02X", (int) c));
        }
        this.vendorHex = hex.toString();
        this.anyEncodingEitherSide = anyEncodingEitherSide;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        SubOption remote = info.find(SubOptionCode.REMOTE_ID).orElse(null);
        DeviceLocation.Builder b = DeviceLocation.builder(name());
        SubOption other;
        if (serialInto(circuit, b)) {
            other = remote;
        } else if (anyEncodingEitherSide && serialInto(remote, b)) {
            other = circuit;
        } else {
            return Optional.empty();
        }
        MacAddress mac = anyEncodingEitherSide ? RemoteIds.anyOrNull(other) : RemoteIds.textOrNull(other);
        if (mac != null) {
            b.deviceMac(mac);
        }
        return Optional.of(b.build());
    }

    /** Reads a serial (and a ".vlan" suffix) from {@code s} into {@code b}; answers whether there was one. */
    private boolean serialInto(SubOption s, DeviceLocation.Builder b) {
        if (s == null) {
            return false;
        }
        if (s.isPrintableAscii()) {
            String text = s.ascii();
            int dot = text.indexOf('.');
            String serial = dot < 0 ? text : text.substring(0, dot);
            int vlan = -1;
            if (dot >= 0) {
                if (!anyEncodingEitherSide) {
                    return false;
                }
                TextScanner t = new TextScanner(text, dot + 1);
                vlan = t.number(4);
                if (vlan < 0 || vlan > 4095 || !t.atEnd()) {
                    return false;
                }
            }
            String canonical = null;
            if (serial.length() == 12 && serial.regionMatches(true, 0, vendor, 0, 4) && isHex(serial, 4)) {
                canonical = vendor + serial.substring(4).toUpperCase(Locale.ROOT);
            } else if (anyEncodingEitherSide && serial.length() == 16 && isHex(serial, 0)
                    && serial.regionMatches(true, 0, vendorHex, 0, 8)) {
                canonical = vendor + serial.substring(8).toUpperCase(Locale.ROOT);
            }
            if (canonical != null) {
                b.deviceSerial(canonical);
                if (vlan >= 0) {
                    b.vlan(vlan);
                }
                return true;
            }
        }
        if (anyEncodingEitherSide && s.length() == 8 && s.ascii(0, 4).equals(vendor)) {
            b.deviceSerial(vendor + s.toHex().substring(8).toUpperCase(Locale.ROOT));
            return true;
        }
        return false;
    }

    private static boolean isHex(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (Hex.digit(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
