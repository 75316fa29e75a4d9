package org.netlever.aaa.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers the tests need (FreeRADIUS, radclient). A missing one skips the test on a developer's machine and fails
 * it in CI, where .ci/run installs everything and sets NETLEVER_REQUIRE_PEERS=true.
 */
public final class Peers {

    private Peers() {
    }

    public static String require(String program, String debianPackage) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        unavailable(program + " is not installed (Debian package " + debianPackage + ")");
        throw new AssertionError("unreachable");
    }

    public static void unavailable(String why) {
        if (Boolean.parseBoolean(System.getenv("NETLEVER_REQUIRE_PEERS"))) {
            throw new AssertionError(why + ", and NETLEVER_REQUIRE_PEERS=true forbids skipping");
        }
        Assumptions.abort(why + "; .ci/run installs it");
    }
}
