package org.netlever.aaa.kea.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One lease file opened for reading, known by its identity (the file system's file key: device and inode), read in
 * whole lines from an offset. The open channel keeps reading the same file after the server renames it. Not
 * thread-safe.
 */
public final class LeaseFile implements AutoCloseable {

    private static final int CHUNK = 256 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final String identity;
    private long offset;
    private List<String> header = List.of();

    private LeaseFile(Path path, FileChannel channel, String identity, long offset) {
        this.path = path;
        this.channel = channel;
        this.identity = identity;
        this.offset = offset;
    }

    /**
     * Opens a file at an offset; an offset beyond its end (a file truncated) starts it again from the beginning.
     *
     * @param path the file
     * @param offset where to go on reading
     * @return the open file
     * @throws IOException if it cannot be opened
     */
    public static LeaseFile open(Path path, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String identity = identityOf(channel, path);
            LeaseFile file = new LeaseFile(path, channel, identity, offset > channel.size() ? 0 : offset);
            file.readHeader();
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The identity of the file now under a name.
     *
     * @param path the name
     * @return its identity, or empty if there is no such file
     */
    public static Optional<String> identityOf(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return Optional.of(key != null ? key.toString() : "name:" + path.toAbsolutePath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String identityOf(FileChannel channel, Path path) throws IOException {
        // Kea renames the file only at a Lease File Cleanup, seconds apart: the name still names the opened file.
        return identityOf(path).orElseThrow(() -> new IOException(path + " disappeared while it was opened"));
    }

    private void readHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        int n = channel.read(b, 0);
        if (n <= 0) {
            return;
        }
        String start = new String(b.array(), 0, n, StandardCharsets.UTF_8);
        int end = start.indexOf('\n');
        if (end > 0 && start.startsWith("address,")) {
            header = KeaCsv.split(start.substring(0, end).strip());
            if (offset == 0) {
                offset = end + 1;
            }
        }
    }

    /**
     * Whether the line that ends at an offset has a fingerprint: a stored position is in this file only if the file
     * system's identity matches (inodes are reused once a file is removed) and so does the line before it.
     *
     * @param offset the offset after the line
     * @param fingerprint the line's {@link #fingerprint(String)}
     * @return whether it matches
     * @throws IOException if reading fails
     */
    public boolean lineBeforeIs(long offset, String fingerprint) throws IOException {
        if (offset <= 0 || offset > channel.size()) {
            return false;
        }
        int back = (int) Math.min(offset, CHUNK);
        ByteBuffer b = ByteBuffer.allocate(back);
        channel.read(b, offset - back);
        byte[] bytes = b.array();
        int end = back;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        int start = end;
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        return fingerprint(new String(bytes, start, end - start, StandardCharsets.UTF_8).strip()).equals(fingerprint);
    }

    /**
     * A short fingerprint of a line (CRC-32 and length), stored with a position.
     *
     * @param line the line's text
     * @return the fingerprint
     */
    public static String fingerprint(String line) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue()) + "-" + line.length();
    }

    /**
     * Goes on reading at an offset.
     *
     * @param value the offset, after a whole line
     */
    public void seek(long value) {
        this.offset = value;
    }

    /**
     * The file's column names from its header line.
     *
     * @return the names, empty if the file has no header (yet)
     */
    public List<String> header() {
        return header;
    }

    /**
     * Reads up to {@code max} whole lines after the offset and moves past them.
     *
     * @param max the most lines to read
     * @param finalRead whether the file is complete (renamed away): then a last line without its line end is read too
     * @return the lines with the offset after each
     * @throws IOException if reading fails
     */
    public List<Line> read(int max, boolean finalRead) throws IOException {
        if (header.isEmpty()) {
            readHeader();
            if (header.isEmpty()) {
                return List.of();
            }
        }
        List<Line> lines = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        while (lines.size() < max) {
            b.clear();
            int n = channel.read(b, offset);
            if (n <= 0) {
                return lines;
            }
            byte[] bytes = b.array();
            int start = 0;
            for (int i = 0; i < n && lines.size() < max; i++) {
                if (bytes[i] == '\n') {
                    add(lines, bytes, start, i, offset + i + 1);
                    start = i + 1;
                }
            }
            if (start == 0) {
                if (n == CHUNK) {
                    // A line longer than the chunk is not a Kea lease: skip it whole.
                    offset += n;
                    lines.add(new Line("", offset, true));
                    continue;
                }
                if (finalRead && lines.size() < max) {
                    add(lines, bytes, 0, n, offset + n);
                    offset += n;
                }
                return lines;
            }
            offset += start;
            if (n < CHUNK) {
                if (finalRead && start < n && lines.size() < max) {
                    add(lines, bytes, start, n, offset + (n - start));
                    offset += n - start;
                }
                return lines;
            }
        }
        return lines;
    }

    private static void add(List<Line> lines, byte[] bytes, int from, int to, long after) {
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8).strip();
        lines.add(new Line(text, after, false));
    }

    /**
     * One line read. Immutable and thread-safe.
     *
     * @param text the line without its line end
     * @param offsetAfter the file offset after it: the position to store once it is handled
     * @param overlong whether the line was longer than netlever reads and so was skipped
     */
    public record Line(String text, long offsetAfter, boolean overlong) {
    }

    /**
     * The file's name when it was opened.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * The file's identity.
     *
     * @return device and inode, as the JDK prints the file key
     */
    public String identity() {
        return identity;
    }

    /**
     * The offset after the last line read.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
