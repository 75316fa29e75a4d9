package org.netlever.option82;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.netlever.option82.internal.CommonBinaryDecoder;
import org.netlever.option82.internal.DcnDecoder;
import org.netlever.option82.internal.DecoderChain;
import org.netlever.option82.internal.LastByteHeuristicDecoder;
import org.netlever.option82.internal.PonSerialDecoder;
import org.netlever.option82.internal.RelayInterfaceDecoder;
import org.netlever.option82.internal.RemoteIdMacDecoder;
import org.netlever.option82.internal.Tr101TextDecoder;
import org.netlever.option82.internal.TwoBytePortDecoder;

/**
 * The built-in vendor decoders, the auto-detect chain, and chaining.
 *
 * <table>
 *   <caption>Built-in decoders</caption>
 *   <tr><th>name</th><th>circuit-id</th><th>remote-id</th><th>devices</th></tr>
 *   <tr><td>{@code common-binary}</td><td>{@code 00 04 VLAN(2) UNIT(1) PORT(1)}</td><td>{@code 00 06 MAC}</td>
 *       <td>D-Link DES/DGS default, Cisco Catalyst, Edge-core, Eltex MES "custom"</td></tr>
 *   <tr><td>{@code huawei-extend}</td><td>{@code 00 04 VLAN(2) SLOT(5 bits)|SUBSLOT(3 bits) PORT(1)}</td>
 *       <td>{@code 00 06 MAC}</td><td>Huawei S-series "extend"</td></tr>
 *   <tr><td>{@code tp-link}</td><td>{@code 00 04 VLAN(2) PORT(2)} or value-only {@code VLAN(2) PORT(2)}</td>
 *       <td>{@code 00 06 MAC} or bare MAC</td><td>TP-Link JetStream "normal" / "private"</td></tr>
 *   <tr><td>{@code h3c}</td><td>{@code 00 04 VLAN(2) INDEX(2)} or value-only; port = index + 1</td>
 *       <td>{@code 00 06 MAC} or bare MAC</td><td>H3C / HPE Comware "normal" / "standard"</td></tr>
 *   <tr><td>{@code dcn}</td><td>text {@code Vlan10+Ethernet1/0/7} or {@code 00 06 VLAN(2) SLOT MODULE PORT(2)}</td>
 *       <td>bare MAC</td><td>DCN, SNR, Qtech</td></tr>
 *   <tr><td>{@code tr101-text}</td><td>text {@code <host> eth 1/0/5:100}</td><td>a MAC in any form, or
 *       none: then the device is named by {@code <host>}</td>
 *       <td>Eltex MES "tr101", Edge-core, D-Link "vendor5"</td></tr>
 *   <tr><td>{@code zte-onu}</td><td>text serial {@code ZTEG...}</td><td>MAC as text</td><td>ZTE ONU</td></tr>
 *   <tr><td>{@code huawei-ont}</td><td colspan="2">serial {@code HWTC...} as text, hex text or raw bytes, either
 *       side</td><td>Huawei ONT</td></tr>
 *   <tr><td>{@code remote-id-mac}</td><td>(not read)</td><td>a MAC in any form</td>
 *       <td>PON ONUs known by their own MAC (EPON OLTs); no port</td></tr>
 *   <tr><td>{@code relay-interface}</td><td>text: the relay's interface name</td><td>(not read)</td>
 *       <td>plain relay agents ({@code dhcrelay -a}), known by relay address and that name; no port</td></tr>
 *   <tr><td>{@code last-byte-heuristic}</td><td>port = last byte</td><td>MAC = last six bytes</td>
 *       <td>last resort only, results flagged</td></tr>
 * </table>
 *
 * <p>{@link #autoDetect()} tries, in order: {@code common-binary}, {@code tp-link}, {@code dcn},
 * {@code tr101-text}, {@code zte-onu}, {@code huawei-ont}. Some layouts are byte-for-byte identical and cannot be
 * told apart without knowing the device model: {@code huawei-extend} reads as {@code common-binary} (slot bits
 * appear as the unit), {@code h3c} as {@code common-binary} or {@code tp-link} (the 0-based index appears as the
 * port), and {@code remote-id-mac} would accept any option with a MAC in the remote-id. That is why a device's own manager, which knows the model, has the last word; auto-detection is for when
 * the model is not yet known. The heuristic is never part of it: ask for it with
 * {@link #withHeuristicFallback(Option82Decoder)}.
 *
 * <p>Thread-safe: every decoder returned is stateless.
 */
public final class Option82Decoders {

    private static final List<Option82Decoder> BUILT_INS = List.of(CommonBinaryDecoder.COMMON,
            CommonBinaryDecoder.HUAWEI_EXTEND, TwoBytePortDecoder.TP_LINK, TwoBytePortDecoder.H3C,
            DcnDecoder.INSTANCE, Tr101TextDecoder.INSTANCE, PonSerialDecoder.ZTE_ONU, PonSerialDecoder.HUAWEI_ONT,
            RemoteIdMacDecoder.INSTANCE, RelayInterfaceDecoder.INSTANCE, LastByteHeuristicDecoder.INSTANCE);

    private static final Option82Decoder AUTO_DETECT = new DecoderChain("auto", List.of(CommonBinaryDecoder.COMMON,
            TwoBytePortDecoder.TP_LINK, DcnDecoder.INSTANCE, Tr101TextDecoder.INSTANCE, PonSerialDecoder.ZTE_ONU,
            PonSerialDecoder.HUAWEI_ONT));

    private Option82Decoders() {
    }

    /**
     * The common binary layout of D-Link, Cisco, Edge-core and Eltex MES "custom".
     *
     * @return the decoder named {@code common-binary}
     */
    public static Option82Decoder commonBinary() {
        return CommonBinaryDecoder.COMMON;
    }

    /**
     * Huawei S-series "extend": the common layout with slot and sub-slot bits.
     *
     * @return the decoder named {@code huawei-extend}
     */
    public static Option82Decoder huaweiExtend() {
        return CommonBinaryDecoder.HUAWEI_EXTEND;
    }

    /**
     * TP-Link JetStream, with or without the type / length header.
     *
     * @return the decoder named {@code tp-link}
     */
    public static Option82Decoder tpLink() {
        return TwoBytePortDecoder.TP_LINK;
    }

    /**
     * H3C / HPE Comware: a 0-based port index, reported as index + 1.
     *
     * @return the decoder named {@code h3c}
     */
    public static Option82Decoder h3c() {
        return TwoBytePortDecoder.H3C;
    }

    /**
     * DCN, SNR and Qtech: text or hex circuit-id with a bare MAC remote-id.
     *
     * @return the decoder named {@code dcn}
     */
    public static Option82Decoder dcn() {
        return DcnDecoder.INSTANCE;
    }

    /**
     * TR-101 text circuit-id, as Eltex MES sends in "tr101" mode.
     *
     * @return the decoder named {@code tr101-text}
     */
    public static Option82Decoder tr101Text() {
        return Tr101TextDecoder.INSTANCE;
    }

    /**
     * ZTE ONU: {@code ZTEG} serial circuit-id, text MAC remote-id.
     *
     * @return the decoder named {@code zte-onu}
     */
    public static Option82Decoder zteOnu() {
        return PonSerialDecoder.ZTE_ONU;
    }

    /**
     * Huawei ONT: {@code HWTC} serial in any of its encodings.
     *
     * @return the decoder named {@code huawei-ont}
     */
    public static Option82Decoder huaweiOnt() {
        return PonSerialDecoder.HUAWEI_ONT;
    }

    /**
     * The device MAC from the remote-id in any form, and no port: PON ONUs identified by their own MAC. Not part of
     * auto-detection, where it would shadow formats that carry a port.
     *
     * @return the decoder named {@code remote-id-mac}
     */
    public static Option82Decoder remoteIdMac() {
        return RemoteIdMacDecoder.INSTANCE;
    }

    /**
     * A plain relay agent's circuit-id, the name of the interface the request came in on ({@code dhcrelay -a}), and
     * no port: the location carries {@linkplain DeviceLocation#relayInterface() that name}, which names a device
     * together with the relay address. Not part of auto-detection, where it would shadow every text format.
     *
     * @return the decoder named {@code relay-interface}
     */
    public static Option82Decoder relayInterface() {
        return RelayInterfaceDecoder.INSTANCE;
    }

    /**
     * The last resort: port = last circuit-id byte, MAC = last six remote-id bytes. Every location it returns is
     * flagged {@linkplain DeviceLocation#isHeuristic() heuristic}.
     *
     * @return the decoder named {@code last-byte-heuristic}
     */
    public static Option82Decoder lastByteHeuristic() {
        return LastByteHeuristicDecoder.INSTANCE;
    }

    /**
     * The auto-detect chain for when the device model is not known yet (see the class description).
     *
     * @return the chain named {@code auto}
     */
    public static Option82Decoder autoDetect() {
        return AUTO_DETECT;
    }

    /**
     * {@code decoder}, falling back to the {@linkplain #lastByteHeuristic() heuristic} when it does not recognise
     * the format — an explicit opt-in for networks that must accept unknown relays.
     *
     * @param decoder the decoder to try first
     * @return the combined decoder, named {@code <decoder>+last-byte-heuristic}
     */
    public static Option82Decoder withHeuristicFallback(Option82Decoder decoder) {
        return chain(decoder.name() + "+" + LastByteHeuristicDecoder.INSTANCE.name(), decoder,
                LastByteHeuristicDecoder.INSTANCE);
    }

    /**
     * A chain that tries the decoders in order; the first match wins and keeps its own name.
     *
     * @param name the chain's name, used in error messages
     * @param decoders at least one decoder
     * @return the chain
     * @throws Option82Exception if no decoder is given
     */
    public static Option82Decoder chain(String name, Option82Decoder... decoders) {
        Objects.requireNonNull(name, "name");
        if (decoders.length == 0) {
            throw new Option82Exception("a decoder chain needs at least one decoder");
        }
        for (Option82Decoder d : decoders) {
            Objects.requireNonNull(d, "decoder");
        }
        return new DecoderChain(name, Arrays.asList(decoders));
    }

    /**
     * Every built-in decoder, the heuristic last.
     *
     * @return an unmodifiable list
     */
    public static List<Option82Decoder> builtIns() {
        return BUILT_INS;
    }

    /**
     * A built-in decoder, or the auto-detect chain ({@code auto}), by name.
     *
     * @param name a decoder name such as {@code tp-link}
     * @return the decoder, or empty if no built-in has that name
     */
    public static Optional<Option82Decoder> byName(String name) {
        Objects.requireNonNull(name, "name");
        if (AUTO_DETECT.name().equals(name)) {
            return Optional.of(AUTO_DETECT);
        }
        return BUILT_INS.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
