package org.netlever.device.tck;

import java.util.HexFormat;
import java.util.Objects;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;
import org.netlever.option82.TextForm;

/**
 * An Option 82 a device of the manager's type sends, and the location the manager must decode from it — the
 * evidence a manager offers the {@link DeviceManagerCompatibilityKit}. Cite where the bytes come from in
 * {@code name} (a capture, a vendor manual).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name what the sample is and where it comes from
 * @param option the option as the device sends it
 * @param expected the location the manager's decoder must return, decoder name included
 */
public record ManagerSample(String name, RelayAgentInformation option, DeviceLocation expected) {

    /**
     * Validates that nothing is missing.
     */
    public ManagerSample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * A sample from the whole option (or its payload) in hex.
     *
     * @param name what it is and where it comes from
     * @param optionHex the option, with or without the {@code 52 LL} header
     * @param expected the location
     * @return the sample
     */
    public static ManagerSample ofHex(String name, String optionHex, DeviceLocation expected) {
        return new ManagerSample(name, RelayAgentInformation.parse(HexFormat.of().parseHex(optionHex)), expected);
    }

    /**
     * A sample from circuit-id and remote-id values in any {@link TextForm}.
     *
     * @param name what it is and where it comes from
     * @param circuitId the circuit-id value as text
     * @param remoteId the remote-id value as text
     * @param expected the location
     * @return the sample
     */
    public static ManagerSample of(String name, String circuitId, String remoteId, DeviceLocation expected) {
        return new ManagerSample(name, RelayAgentInformation.of(
                SubOption.of(SubOptionCode.CIRCUIT_ID, TextForm.decodeAny(circuitId)),
                SubOption.of(SubOptionCode.REMOTE_ID, TextForm.decodeAny(remoteId))), expected);
    }

    /**
     * A sample with a circuit-id and no remote-id, as plain relay agents ({@code dhcrelay -a}) and switches set to
     * name themselves by host name send it.
     *
     * @param name what it is and where it comes from
     * @param circuitId the circuit-id value as text
     * @param expected the location
     * @return the sample
     */
    public static ManagerSample ofCircuitId(String name, String circuitId, DeviceLocation expected) {
        return new ManagerSample(name, RelayAgentInformation.of(
                SubOption.of(SubOptionCode.CIRCUIT_ID, TextForm.decodeAny(circuitId))), expected);
    }

    @Override
    public String toString() {
        return name;
    }
}
