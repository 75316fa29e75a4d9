package org.netlever.aaa.lease.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A read position in a file that may be renamed and replaced under the same name: the file's identity (device and
 * inode, or the platform's file key), a byte offset, and a checksum of the bytes just before the offset. The
 * checksum tells a file from a later one that reuses its inode number — a rewritten lease file often gets the inode
 * its predecessor freed — so that a stored offset is never applied to a file it was not taken in. Not API.
 *
 * <p>Text form: {@code file=2049:2155646 offset=1930 tail=256:1a2b3c4d}. Immutable and thread-safe.
 *
 * @param file the file's identity
 * @param offset the offset
 * @param tailLength how many bytes before the offset the checksum covers
 * @param tailCrc their CRC-32C
 */
public record FilePosition(String file, long offset, int tailLength, long tailCrc) {

    /** How many bytes before the offset are checksummed. */
    public static final int TAIL = 256;

    private static final Pattern TEXT = Pattern.compile("file=(\\S{1,200}) offset=(\\d{1,18}) tail=(\\d{1,3}):"
            + "([0-9a-f]{1,8})");

    /** Validates. */
    public FilePosition {
        Objects.requireNonNull(file, "file");
        if (file.isEmpty() || file.length() > 200 || file.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a file identity has 1 to 200 characters and no blanks: " + file);
        }
        if (offset < 0 || tailLength < 0 || tailLength > TAIL || tailLength > offset) {
            throw new IllegalArgumentException("bad position: offset " + offset + ", tail " + tailLength);
        }
    }

    /**
     * The position at {@code offset} in an open file.
     *
     * @param file the file's identity
     * @param channel the file
     * @param offset the offset
     * @return the position
     * @throws IOException if the file cannot be read
     */
    public static FilePosition at(String file, FileChannel channel, long offset) throws IOException {
        int length = (int) Math.min(TAIL, offset);
        return new FilePosition(file, offset, length, crc(channel, offset - length, length));
    }

    /**
     * Whether this position was taken in the open file: same identity, long enough, same bytes before the offset.
     *
     * @param identity the open file's identity
     * @param channel the open file
     * @return whether reading may resume at {@link #offset()}
     * @throws IOException if the file cannot be read
     */
    public boolean matches(String identity, FileChannel channel) throws IOException {
        return file.equals(identity) && channel.size() >= offset
                && crc(channel, offset - tailLength, tailLength) == tailCrc;
    }

    private static long crc(FileChannel channel, long from, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                return -1;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.flip());
        return crc.getValue();
    }

    /**
     * Reads the text form.
     *
     * @param text as {@link #toString()} wrote it
     * @return the position, or empty if the text is not one
     */
    public static Optional<FilePosition> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FilePosition(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                    Long.parseLong(m.group(4), 16)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A file's identity: {@code dev:ino} where the file system has them, else the platform's file key.
     *
     * @param path the file
     * @return the identity, or empty if there is no such file
     * @throws IOException if its attributes cannot be read
     */
    public static Optional<String> identity(Path path) throws IOException {
        try {
            try {
                Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino");
                return Optional.of(unix.get("dev") + ":" + unix.get("ino"));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                String text = key == null ? "none" : key.toString().replaceAll("\\s", "");
                return Optional.of(text.length() > 200 ? Integer.toHexString(text.hashCode()) : text);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "file=" + file + " offset=" + offset + " tail=" + tailLength + ":" + Long.toHexString(tailCrc);
    }
}
