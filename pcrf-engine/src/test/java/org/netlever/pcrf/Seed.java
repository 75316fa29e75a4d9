package org.netlever.pcrf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * The seed's definitions with one more tariff plan on the seed's scenario {@code limit}: a plan a later version of
     * the definitions can drop, leaving subscribers stored on it.
     *
     * @param code the extra plan's name and code
     * @return the definitions
     */
    public static PcrfDefinitions withExtraPlan(String code) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode file = (ObjectNode) json.readTree(FILE.toFile());
            file.withArray("tariffPlans").addObject().put("name", code).put("code", code).put("domain", "root")
                    .put("scenario", "limit").put("sessionLifetime", "PT12H");
            return DefinitionsJson.read(new ByteArrayInputStream(json.writeValueAsBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
