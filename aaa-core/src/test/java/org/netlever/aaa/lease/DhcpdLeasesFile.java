package org.netlever.aaa.lease;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a lease file the way ISC dhcpd 4.4 does (see the recordings in
 * src/test/resources/recorded/isc-dhcpd-4.4.3/leases): records appended one by one, and a rewrite that writes a new
 * file and renames the old one to {@code dhcpd.leases~}.
 */
final class DhcpdLeasesFile {

    static final String HEADER = "# The format of this file is documented in the dhcpd.leases(5) manual page.\n"
            + "# This lease file was written by isc-dhcp-4.4.3-P1\n\n"
            + "# authoring-byte-order entry is generated, DO NOT DELETE\nauthoring-byte-order little-endian;\n\n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'2' uuuu/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    final Path path;

    DhcpdLeasesFile(Path path) {
        this.path = path;
    }

    Path backup() {
        return path.resolveSibling(path.getFileName() + "~");
    }

    /** A recording of a real dhcpd. */
    static String recorded(String name) {
        try (InputStream in = DhcpdLeasesFile.class.getResourceAsStream("/recorded/isc-dhcpd-4.4.3/leases/" + name
                + ".leases")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An active record with a D-Link switch port's Option 82, as dhcpd writes it. */
    static String active(String ip, String mac, int port, Instant starts, int seconds) {
        return "lease " + ip + " {\n  starts " + TIME.format(starts) + ";\n  ends " + TIME.format(starts.plusSeconds(
                seconds)) + ";\n  cltt " + TIME.format(starts) + ";\n  binding state active;\n"
                + "  next binding state free;\n  rewind binding state free;\n  hardware ethernet " + mac + ";\n"
                + "  option agent.circuit-id 0:4:0:98:0:" + Integer.toHexString(port) + ";\n"
                + "  option agent.remote-id 0:6:f8:e9:3:e7:55:a6;\n  client-hostname \"client\";\n}\n";
    }

    /** The free record of a release at {@code at} of a lease that started at {@code starts}. */
    static String released(String ip, String mac, Instant starts, Instant at) {
        return "lease " + ip + " {\n  starts " + TIME.format(starts) + ";\n  ends " + TIME.format(at) + ";\n  tstp "
                + TIME.format(at) + ";\n  cltt " + TIME.format(at) + ";\n  binding state free;\n"
                + "  hardware ethernet " + mac + ";\n}\n";
    }

    void create() throws IOException {
        Files.writeString(path, HEADER, StandardCharsets.ISO_8859_1);
    }

    void append(String text) throws IOException {
        Files.writeString(path, text, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }

    /** dhcpd's rewrite: the snapshot into a new file, the old one renamed to {@code ~}, the new one put in place. */
    void rewrite(String snapshot) throws IOException {
        Path fresh = path.resolveSibling(path.getFileName() + "." + System.nanoTime());
        Files.writeString(fresh, HEADER + snapshot, StandardCharsets.ISO_8859_1);
        Files.move(path, backup(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE);
    }
}
