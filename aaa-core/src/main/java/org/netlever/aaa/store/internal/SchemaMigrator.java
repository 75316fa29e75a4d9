package org.netlever.aaa.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.netlever.aaa.store.Dialect;
import org.netlever.aaa.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned SQL scripts once each, in order, recording them with a checksum. Not API; see
 * {@link org.netlever.aaa.store.Database}.
 *
 * <p>A migration directory holds an {@code index} file listing {@code V<n>__<description>.sql} scripts, one per
 * line; statements in a script end with a semicolon at the end of a line. On PostgreSQL the whole migration runs in
 * one transaction under an advisory lock, so concurrent starters take turns and a failed script leaves nothing
 * behind; H2 commits DDL as it goes, so a JVM-wide lock serialises starters instead.
 *
 * <p>Thread-safe.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([\\w-]+)\\.sql");
    private static final long ADVISORY_LOCK_KEY = 0x6E65_746C_6576_6572L; // "netlever"
    private static final Object H2_LOCK = new Object();

    private SchemaMigrator() {
    }

    /**
     * Brings a module's tables to the newest version.
     *
     * @param jdbi the database
     * @param dialect its dialect
     * @param module the module's name in the history table
     * @param loader where the scripts are
     * @param directory the resource directory, ending in {@code /}
     * @throws StoreException if a script is missing or fails, or an applied script has changed
     */
    public static void migrate(Jdbi jdbi, Dialect dialect, String module, ClassLoader loader, String directory) {
        List<Script> scripts = load(loader, directory);
        try {
            if (dialect == Dialect.POSTGRESQL) {
                jdbi.useTransaction(h -> {
                    h.execute("SELECT pg_advisory_xact_lock(?)", ADVISORY_LOCK_KEY);
                    apply(h, module, scripts);
                });
            } else {
                synchronized (H2_LOCK) {
                    jdbi.useTransaction(h -> apply(h, module, scripts));
                }
            }
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Retry.translate("migrating " + module + " tables", e);
        }
    }

    private static void apply(Handle h, String module, List<Script> scripts) {
        h.execute("CREATE TABLE IF NOT EXISTS netlever_schema_history ("
                + "module VARCHAR(32) NOT NULL, version INT NOT NULL, description VARCHAR(200) NOT NULL, "
                + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "PRIMARY KEY (module, version))");
        Map<Integer, String> applied = h.createQuery(
                        "SELECT version, checksum FROM netlever_schema_history WHERE module = :module")
                .bind("module", module)
                .reduceRows(new java.util.HashMap<Integer, String>(), (map, row) -> {
                    map.put(row.getColumn("version", Integer.class), row.getColumn("checksum", String.class));
                    return map;
                });
        for (Script script : scripts) {
            String recorded = applied.get(script.version());
            if (recorded != null) {
                if (!recorded.equals(script.checksum())) {
                    throw new StoreException("migration " + module + " V" + script.version() + " ("
                            + script.description() + ") was changed after it was applied: checksum " + recorded
                            + " in the database, " + script.checksum() + " in the jar; restore the original script "
                            + "and add a new version instead");
                }
                continue;
            }
            LOG.info("applying {} migration V{} ({})", module, script.version(), script.description());
            for (String statement : script.statements()) {
                h.execute(statement);
            }
            h.createUpdate("INSERT INTO netlever_schema_history (module, version, description, checksum, applied_at) "
                            + "VALUES (:module, :version, :description, :checksum, :at)")
                    .bind("module", module)
                    .bind("version", script.version())
                    .bind("description", script.description())
                    .bind("checksum", script.checksum())
                    .bind("at", OffsetDateTime.now(ZoneOffset.UTC))
                    .execute();
        }
    }

    private record Script(int version, String description, String checksum, List<String> statements) {
    }

    private static List<Script> load(ClassLoader loader, String directory) {
        String index = read(loader, directory + "index");
        List<Script> scripts = new ArrayList<>();
        int previous = 0;
        for (String line : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList()) {
            Matcher m = NAME.matcher(line);
            if (!m.matches()) {
                throw new StoreException("migration index " + directory + "index lists '" + line
                        + "', which is not named V<n>__<description>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != previous + 1) {
                throw new StoreException("migration index " + directory + "index jumps from V" + previous + " to V"
                        + version);
            }
            previous = version;
            String sql = read(loader, directory + line);
            scripts.add(new Script(version, m.group(2).replace('_', ' '), sha256(sql), statements(sql)));
        }
        return scripts;
    }

    /** Splits on semicolons that end a line, dropping {@code --} comment lines. */
    private static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new StoreException("a migration script ends without a semicolon: " + current.toString().strip());
        }
        return out;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("migration resource " + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration resource " + resource, e);
        }
    }

    private static String sha256(String text) {
        try {
            String normalised = text.lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
