package org.netlever.option82.internal;

import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.UnrecognizedOption82Exception;

/**
 * Tries decoders in order; the first that recognises the format wins, and the location keeps that decoder's name.
 *
 * <p>Thread-safe if its decoders are.
 */
public final class DecoderChain extends NamedDecoder {

    private final List<Option82Decoder> decoders;

    /**
     * Creates a chain.
     *
     * @param name the chain's name
     * @param decoders the decoders, in the order to try them
     */
    public DecoderChain(String name, List<Option82Decoder> decoders) {
        super(name);
        this.decoders = List.copyOf(decoders);
    }

    /**
     * The decoders in the order they are tried.
     *
     * @return an unmodifiable list
     */
    public List<Option82Decoder> decoders() {
        return decoders;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        for (Option82Decoder decoder : decoders) {
            Optional<DeviceLocation> location = decoder.decode(info);
            if (location.isPresent()) {
                return location;
            }
        }
        return Optional.empty();
    }

    @Override
    public DeviceLocation decodeOrThrow(RelayAgentInformation info) {
        return decode(info).orElseThrow(() -> {
            StringJoiner tried = new StringJoiner(", ", "[", "]");
            decoders.forEach(d -> tried.add(d.name()));
            StringJoiner present = new StringJoiner(", ", "[", "]");
            for (SubOption s : info.subOptions()) {
                present.add(s.code() + " " + s.length() + " bytes" + (s.isPrintableAscii() ? " \"" + s.ascii() + "\""
                        : " " + s.toHex()));
            }
            return new UnrecognizedOption82Exception("no decoder in " + name() + " recognises the option: tried "
                    + tried + "; sub-options " + present);
        });
    }

    @Override
    public String toString() {
        return name() + decoders;
    }
}
