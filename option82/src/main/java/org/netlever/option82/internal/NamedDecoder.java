package org.netlever.option82.internal;

import org.netlever.option82.Option82Decoder;

/**
 * Base of the built-in decoders: holds the name and prints it. Thread-safe (immutable).
 */
abstract class NamedDecoder implements Option82Decoder {

    private final String name;

    NamedDecoder(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
