package org.netlever.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.internal.PacketCodec;
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
 * The RADIUS server's per-Access-Request codec work (issue 12: server CPU per Access-Request), without sockets or
 * threads. Run with {@code -prof gc} for bytes allocated per operation.
 *
 * <ul>
 *   <li>{@code frameAndReveal}: a PAP Access-Request as radclient sends it (User-Name, User-Password,
 *       NAS-IP-Address, NAS-Port) framed and its password revealed, as {@code ServerEngine.receive} does.</li>
 *   <li>{@code encodeReply}: an Access-Accept with Session-Timeout, a Cisco-AVPair and Reply-Message, with
 *       Message-Authenticator and the Response Authenticator, as {@code ServerEngine.answer} does.</li>
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
public class RadiusCodecBenchmark {

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final byte[] secret = "testing123".getBytes(StandardCharsets.UTF_8);
    private final byte[] request = codec.encodeRequest(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
            .string(AttributeType.USER_NAME, "74951234567")
            .string(AttributeType.USER_PASSWORD, "s3cr3t-pass")
            .add(RadiusAttribute.ofIpv4(AttributeType.NAS_IP_ADDRESS, Ipv4Address.parse("192.0.2.10")))
            .integer(AttributeType.NAS_PORT, 17)
            .build(), 42, secret, false);
    private final byte[] requestAuthenticator = Arrays.copyOfRange(request, 4, 20);
    private final RadiusMessage accept = RadiusMessage.of(PacketCode.ACCESS_ACCEPT,
            RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 3600),
            RadiusAttribute.ofAvPair(AttributeType.CISCO_AVPAIR, AvPair.of("h323-credit-time", "3600")),
            RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, "Welcome"));

    /**
     * Frame + reveal of the PAP Access-Request.
     *
     * @return the revealed packet
     */
    @Benchmark
    public RadiusPacket frameAndReveal() {
        PacketCodec.Framed framed = codec.frame(request, request.length);
        return codec.reveal(framed, framed.authenticator(), secret);
    }

    /**
     * Encoding of the Access-Accept with Message-Authenticator.
     *
     * @return the reply's octets
     */
    @Benchmark
    public byte[] encodeReply() {
        return codec.encodeReply(accept, 42, requestAuthenticator, secret, true);
    }
}
