package org.netlever.examples.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers the end-to-end tests need. A missing one skips the test on a developer's machine and fails it in CI,
 * where .ci/run installs everything and sets NETLEVER_REQUIRE_PEERS=true.
 */
final class Peers {

    private Peers() {
    }

    static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String candidate : new String[] {dir, "/usr/sbin", "/sbin"}) {
                Path p = Path.of(candidate, program);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        unavailable(program + " is not installed (Debian package " + debianPackage + ")");
        throw new AssertionError("unreachable");
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("network namespaces need root");
        }
    }

    static void unavailable(String why) {
        if (Boolean.parseBoolean(System.getenv("NETLEVER_REQUIRE_PEERS"))) {
            throw new AssertionError(why + ", and NETLEVER_REQUIRE_PEERS=true forbids skipping");
        }
        Assumptions.abort(why + "; .ci/run installs it");
    }
}
