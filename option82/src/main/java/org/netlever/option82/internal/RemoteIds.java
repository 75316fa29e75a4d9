package org.netlever.option82.internal;

import org.netlever.option82.MacAddress;
import org.netlever.option82.SubOption;

/**
 * The ways a remote-id (or another sub-option) carries a device MAC. Each method answers {@code null} when the
 * sub-option is not in that form; callers turn that into an empty result.
 */
final class RemoteIds {

    private RemoteIds() {
    }

    /** {@code 00 06} + six MAC bytes: the binary layout of D-Link, Cisco, Edge-core, Huawei, H3C, TP-Link. */
    static MacAddress typedOrNull(SubOption s) {
        if (s != null && s.length() == 8 && s.unsignedByte(0) == 0 && s.unsignedByte(1) == 6) {
            return s.macAddress(2);
        }
        return null;
    }

    /** Six MAC bytes with no header: DCN / SNR / Qtech, TP-Link "private", H3C "standard". */
    static MacAddress bareOrNull(SubOption s) {
        return s != null && s.length() == MacAddress.LENGTH ? s.macAddress(0) : null;
    }

    /** A MAC written as text in any notation {@link MacAddress#parse} accepts: ZTE ONUs, Huawei "common". */
    static MacAddress textOrNull(SubOption s) {
        if (s == null || !s.isPrintableAscii()) {
            return null;
        }
        return MacAddress.tryParse(s.ascii()).orElse(null);
    }

    /** Any of the three forms. */
    static MacAddress anyOrNull(SubOption s) {
        MacAddress mac = typedOrNull(s);
        if (mac == null) {
            mac = bareOrNull(s);
        }
        if (mac == null) {
            mac = textOrNull(s);
        }
        return mac;
    }
}
