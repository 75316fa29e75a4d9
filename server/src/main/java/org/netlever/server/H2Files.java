package org.netlever.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files and directories of an H2 file database that did not exist before start-up, so a start that fails
 * leaves none behind: no empty database a later start would take for the real one, no trace file.
 * Not thread-safe: used by start-up alone.
 */
final class H2Files {
    private static final Logger LOG = LoggerFactory.getLogger(H2Files.class);
    private static final List<String> SUFFIXES = List.of(".mv.db", ".trace.db", ".lock.db");
    private final List<Path> created = new ArrayList<>();

    static H2Files before(ServeConfig.Storage storage) {
        H2Files files = new H2Files();
        String prefix = "jdbc:h2:file:";
        if (!storage.url().startsWith(prefix)) {
            return files;
        }
        int options = storage.url().indexOf(';');
        String name = storage.url().substring(prefix.length(), options < 0 ? storage.url().length() : options);
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        Path base = Path.of(name).toAbsolutePath().normalize();
        for (String suffix : SUFFIXES) {
            Path file = base.resolveSibling(base.getFileName() + suffix);
            if (!Files.exists(file)) {
                files.created.add(file);
            }
        }
        // The directories H2 will create, innermost first.
        for (Path dir = base.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
            files.created.add(dir);
        }
        return files;
    }

    void removeCreated() {
        for (Path path : created) {
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> entries = Files.list(path)) {
                        if (entries.findAny().isPresent()) {
                            continue;
                        }
                    }
                }
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("Start-up failed, and {} it created cannot be removed: {}", path, e.toString());
            }
        }
    }
}
