package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the netlever commands find the API and a token in serve's configuration (issue 15 part 3). */
class ApiAccessTest {

    private static final String READ = "read-0123456789abcdef0123456789abcdef";
    private static final String ADMIN = "admin-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Path config(String ops) throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/r.token"), READ + "\n");
        Files.writeString(dir.resolve("secrets/a.token"), ADMIN + "\n");
        return Files.writeString(dir.resolve("netlever.yaml"), "lever: { secretFile: missing.secret }\n" + ops);
    }

    @Test
    void fromConfig_readsTheReadTokenForReadsAndTheAdminOneForWrites() throws Exception {
        Path file = config("""
                ops:
                  listen: 0.0.0.0:9999
                  tokens:
                    - { name: admin, file: secrets/a.token, role: admin }
                    - { name: support, file: secrets/r.token, role: read }
                """);
        ApiAccess read = ApiAccess.fromConfig(file, Optional.empty(), false);
        assertThat(read.tokenName()).isEqualTo("support");
        assertThat(read.authorization()).isEqualTo("Bearer " + READ);
        assertThat(read.base()).as("a wildcard listener is reached on loopback").isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(read.toString()).doesNotContain(READ);
        ApiAccess write = ApiAccess.fromConfig(file, Optional.empty(), true);
        assertThat(write.tokenName()).isEqualTo("admin");
        assertThat(ApiAccess.fromConfig(file, Optional.of("admin"), false).authorization()).endsWith(ADMIN);
        assertThat(write.withBase(URI.create("http://192.0.2.7:80")).base().getHost()).isEqualTo("192.0.2.7");
        assertThatThrownBy(() -> write.withBase(URI.create("ftp://x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromConfig_withoutListen_usesTheDefaultAddress() throws Exception {
        Path file = config("ops: { tokens: [ { name: s, file: secrets/r.token, role: read } ] }\n");
        assertThat(ApiAccess.fromConfig(file, Optional.empty(), false).base())
                .isEqualTo(URI.create("http://127.0.0.1:9464"));
    }

    @Test
    void fromConfig_noTokenForTheJob_isAProblemOfOpsTokens() throws Exception {
        Path file = config("ops: { tokens: [ { name: s, file: secrets/r.token, role: read } ] }\n");
        assertThatThrownBy(() -> ApiAccess.fromConfig(file, Optional.empty(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ops.tokens").hasMessageContaining("admin");
        assertThatThrownBy(() -> ApiAccess.fromConfig(file, Optional.of("x"), false))
                .hasMessageContaining("no token named 'x'");
        Path none = Files.writeString(dir.resolve("none.yaml"), "ops: { listen: 127.0.0.1:1 }\n");
        assertThatThrownBy(() -> ApiAccess.fromConfig(none, Optional.empty(), false))
                .hasMessageContaining("names no token");
    }

    @Test
    void fromConfig_unreadableTokenFile_namesTheFileNotTheToken() throws Exception {
        Path file = config("ops: { tokens: [ { name: s, file: secrets/gone.token, role: read } ] }\n");
        assertThatThrownBy(() -> ApiAccess.fromConfig(file, Optional.empty(), false))
                .hasMessageContaining("gone.token").hasMessageContaining("no such file");
        assertThatThrownBy(() -> ApiAccess.fromConfig(dir.resolve("absent.yaml"), Optional.empty(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such file");
    }
}
