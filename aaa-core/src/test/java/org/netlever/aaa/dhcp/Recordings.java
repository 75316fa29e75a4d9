package org.netlever.aaa.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the recordings from real dhcpd and Kea in src/test/resources/recorded. */
final class Recordings {

    private Recordings() {
    }

    private static String read(String path) {
        try (InputStream in = Recordings.class.getResourceAsStream("/recorded/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments dhcpd passed, one per line in brackets. */
    static List<String> dhcpdArgs(String name) {
        List<String> args = new ArrayList<>();
        for (String line : read("isc-dhcpd-4.4.3/" + name + ".args").lines().toList()) {
            if (line.startsWith("[") && line.endsWith("]")) {
                args.add(line.substring(1, line.length() - 1));
            }
        }
        return args;
    }

    /** A dhcpd.leases file dhcpd wrote (recorded/isc-dhcpd-4.4.3/leases, README there). */
    static String dhcpdLeases(String name) {
        try (InputStream in = Recordings.class.getResourceAsStream("/recorded/isc-dhcpd-4.4.3/leases/" + name
                + ".leases")) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hook name and environment Kea gave the script. */
    record KeaCall(String hook, Map<String, String> env) {
    }

    static KeaCall kea(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        String hook = null;
        for (String line : read("kea-2.2.0/" + name + ".env").lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (line.startsWith("hook=")) {
                hook = line.substring(5);
            } else {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new KeaCall(hook, env);
    }
}
