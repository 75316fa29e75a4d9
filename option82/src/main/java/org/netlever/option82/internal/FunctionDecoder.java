package org.netlever.option82.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Exception;
import org.netlever.option82.RelayAgentInformation;

/**
 * A decoder made of a name and a function. Thread-safe if the function is.
 */
public final class FunctionDecoder implements Option82Decoder {

    private final String name;
    private final Function<RelayAgentInformation, Optional<DeviceLocation>> function;

    /**
     * Creates the decoder.
     *
     * @param name the decoder name, not blank
     * @param function the decoding function; must not return {@code null}
     */
    public FunctionDecoder(String name, Function<RelayAgentInformation, Optional<DeviceLocation>> function) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new Option82Exception("a decoder name must not be blank");
        }
        this.name = name;
        this.function = Objects.requireNonNull(function, "function");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        return Objects.requireNonNull(function.apply(info), () -> "decoder " + name + " returned null");
    }

    @Override
    public String toString() {
        return name;
    }
}
