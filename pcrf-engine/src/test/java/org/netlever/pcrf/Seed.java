package org.netlever.pcrf;

import java.nio.file.Path;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;

/** The seed's worked example (S3), as shipped in examples/pcrf. */
public final class Seed {

    /** The shipped file, relative to this module. */
    public static final Path FILE = Path.of(System.getProperty("netlever.repository", ".."), "examples", "pcrf",
            "limit-2h-1gb.json");

    private Seed() {
    }

    public static PcrfDefinitions definitions() {
        return DefinitionsJson.read(FILE);
    }
}
