package org.netlever.aaa.lease.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * An open lease file a follower reads: its identity ({@link FilePosition#identity}), the channel, where reading goes
 * on, and whether it is the previous file a rewrite renamed away. The channel stays valid when the file is renamed.
 * Not API.
 *
 * <p>Not thread-safe: one follower thread uses it.
 */
public final class LeaseFileCursor implements AutoCloseable {

    private final String identity;
    private final FileChannel channel;
    private final boolean previous;
    private long offset;

    private LeaseFileCursor(String identity, FileChannel channel, boolean previous) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.previous = previous;
    }

    /**
     * Opens a file at offset 0, with the identity it had when opened (retried if it is renamed meanwhile).
     *
     * @param path the file
     * @param previous whether it is the renamed previous file
     * @return the cursor, or empty if there is no such file
     * @throws IOException if it cannot be opened
     */
    public static Optional<LeaseFileCursor> open(Path path, boolean previous) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<String> before = FilePosition.identity(path);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (before.equals(FilePosition.identity(path))) {
                return Optional.of(new LeaseFileCursor(before.get(), channel, previous));
            }
            channel.close(); // renamed while being opened: try again
        }
        return Optional.empty();
    }

    /**
     * The file's identity when it was opened.
     *
     * @return e.g. {@code 2049:2155646}
     */
    public String identity() {
        return identity;
    }

    /**
     * The open file.
     *
     * @return the channel
     */
    public FileChannel channel() {
        return channel;
    }

    /**
     * Whether this is the previous file, renamed away by a rewrite: it will not grow.
     *
     * @return whether it is
     */
    public boolean previous() {
        return previous;
    }

    /**
     * Where reading goes on.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * Moves where reading goes on.
     *
     * @param value the new offset, not negative
     */
    public void offset(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative offset " + value);
        }
        offset = value;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
