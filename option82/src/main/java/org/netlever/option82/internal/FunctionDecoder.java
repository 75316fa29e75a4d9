package org.netlever.option82.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Exception;
import org.netlever.option82.RelayAgentInformation;

/**
 * A decoder made of a name and a function. Thread-safe if the function is.
 */
public final class FunctionDecoder extends NamedDecoder {

    private final Function<RelayAgentInformation, Optional<DeviceLocation>> function;

    /**
     * Creates the decoder.
     *
     * @param name the decoder name, not blank
     * @param function the decoding function; must not return {@code null}
     */
    public FunctionDecoder(String name, Function<RelayAgentInformation, Optional<DeviceLocation>> function) {
        super(checkName(name));
        this.function = Objects.requireNonNull(function, "function");
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new Option82Exception("a decoder name must not be blank");
        }
        return name;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        return Objects.requireNonNull(function.apply(info), () -> "decoder " + name() + " returned null");
    }
}
