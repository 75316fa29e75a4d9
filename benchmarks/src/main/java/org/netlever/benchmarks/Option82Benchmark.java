package org.netlever.benchmarks;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.TextForm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + decode of a typical Option 82, the per-DHCP-event cost (issue 2 target: under 150 ns/op, a few small
 * allocations). Run with {@code -prof gc} for bytes allocated per operation.
 *
 * <ul>
 *   <li>{@code dlinkBinary}: a D-Link / Cisco style option (T1-style binary), parsed with its header and decoded by
 *       the auto-detect chain, which matches on its first decoder.</li>
 *   <li>{@code dcnAscii}: an SNR text circuit-id, which the chain reaches third, after two cheap rejections.</li>
 *   <li>{@code keaText}: the D-Link option as Kea's {@code QUERY4_OPTION_82} text, so the text decoding is
 *       included.</li>
 * </ul>
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class Option82Benchmark {

    private final byte[] dlinkBinary = HexFormat.of().parseHex("5212" + "0106000400980005" + "0208" + "0006f8e903e755a6");
    private final byte[] dcnAscii = HexFormat.of().parseHex("0114" + "566c616e31302b45746865726e6574312f302f37"
            + "0206" + "00030faabbcc");
    private final String keaText = "0x010600040098000502080006F8E903E755A6";

    /**
     * D-Link binary option, header included.
     *
     * @return the location
     */
    @Benchmark
    public Optional<DeviceLocation> dlinkBinary() {
        return Option82Decoders.autoDetect().decode(RelayAgentInformation.parse(dlinkBinary));
    }

    /**
     * SNR / DCN ASCII circuit-id with a bare MAC remote-id.
     *
     * @return the location
     */
    @Benchmark
    public Optional<DeviceLocation> dcnAscii() {
        return Option82Decoders.autoDetect().decode(RelayAgentInformation.parse(dcnAscii));
    }

    /**
     * The D-Link option from Kea's 0x text.
     *
     * @return the location
     */
    @Benchmark
    public Optional<DeviceLocation> keaText() {
        return Option82Decoders.autoDetect().decode(RelayAgentInformation.parse(TextForm.decodeAny(keaText)));
    }
}
