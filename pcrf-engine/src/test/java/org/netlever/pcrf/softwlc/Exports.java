package org.netlever.pcrf.softwlc;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.netlever.pcrf.PcrfEngine;

/** The export vectors of {@code SOURCES.md}, and runs of an import over them. */
final class Exports {

    private Exports() {
    }

    /** A vector file's text. */
    static String vector(String name) {
        try (InputStream in = Objects.requireNonNull(Exports.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an import over two texts named scripts.json and service.json. */
    static ImportReport run(SoftWlcImport importer, PcrfEngine engine, String scripts, String services) {
        return importer.run(engine, "scripts.json", new StringReader(scripts), "service.json",
                new StringReader(services));
    }
}
