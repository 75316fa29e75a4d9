package org.netlever.option82;

import java.util.Optional;
import java.util.function.Function;

import org.netlever.option82.internal.FunctionDecoder;

/**
 * Turns a relay's Option 82 into a {@link DeviceLocation}: which device, which port. Each decoder knows one vendor
 * format (or a family of identical ones) and recognises it strictly: input in another format yields an empty
 * result, not a wrong location.
 *
 * <p>The built-in decoders and the auto-detect chain come from {@link Option82Decoders}; a device manager for a
 * model netlever does not know implements this interface itself.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #decode} returns a location only when the input is in the decoder's format, and then the location's
 *       {@link DeviceLocation#decoder()} names the decoder that matched.</li>
 *   <li>It never throws for input in another format, however odd: it returns empty. It may throw
 *       {@link Option82Exception} only for input that claims to be its format but contradicts itself.</li>
 *   <li>It never returns {@code null}.</li>
 * </ul>
 * The compatibility kit in {@code netlever-device-spi}'s test-jar checks these rules for every manager's decoder.
 *
 * <p>Implementations must be thread-safe; the built-in ones are stateless.
 */
public interface Option82Decoder {

    /**
     * A decoder made of a name and a function, for formats simple enough to write as a lambda.
     *
     * @param name the decoder name, lower-case with hyphens
     * @param decode the function; it returns empty for input in another format and never {@code null}
     * @return the decoder; thread-safe if the function is
     */
    static Option82Decoder of(String name, Function<RelayAgentInformation, Optional<DeviceLocation>> decode) {
        return new FunctionDecoder(name, decode);
    }

    /**
     * A short stable name, lower-case with hyphens, e.g. {@code common-binary}. It appears in every
     * {@link DeviceLocation} this decoder produces and in logs.
     *
     * @return the name
     */
    String name();

    /**
     * Decodes the location if the option is in this decoder's format.
     *
     * @param info the parsed option
     * @return the location, or empty if the format is not this decoder's
     */
    Optional<DeviceLocation> decode(RelayAgentInformation info);

    /**
     * Decodes the location, or says why not.
     *
     * @param info the parsed option
     * @return the location
     * @throws UnrecognizedOption82Exception if the format is not this decoder's; the message names the decoder and
     *     lists the sub-options present
     */
    default DeviceLocation decodeOrThrow(RelayAgentInformation info) {
        return decode(info).orElseThrow(() -> new UnrecognizedOption82Exception(
                "decoder " + name() + " does not recognise " + info));
    }

    /**
     * A decoder that tries this one, then {@code next} if this one does not recognise the format.
     *
     * @param next the decoder to fall back to
     * @return the combined decoder, named after both
     */
    default Option82Decoder orElse(Option82Decoder next) {
        return Option82Decoders.chain(name() + "+" + next.name(), this, next);
    }
}
