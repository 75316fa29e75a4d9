package org.netlever.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.netlever.examples.cli.Netlever.UsageException;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.softwlc.ImportReport;
import org.netlever.pcrf.softwlc.SoftWlcImport;
import org.netlever.server.ConfigException;
import org.netlever.server.PcrfMaintenance;
import org.netlever.server.ServeConfig;
import org.netlever.server.ServeConfigReader;

/**
 * {@code netlever pcrf-import --config FILE --scripts FILE --services FILE [...]}: brings SoftWLC's stored PCRF state
 * ({@code mongoexport} of its {@code scripts} and {@code service} collections) into the database {@code serve --config
 * FILE} uses, with {@link SoftWlcImport}, and prints the report. Run it while serve is stopped (on PostgreSQL a
 * running serve makes it refuse). Exit status: 0 when every document was imported or kept, {@link #PARTIAL} when some
 * were skipped (the rest is imported; the report says which and why), 2 for bad usage, a configuration problem or an
 * export that cannot be read, 1 for an unexpected failure.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class PcrfImportCommand {

    /** Exit status when some documents were skipped and the rest imported. */
    static final int PARTIAL = 3;

    private final PrintStream out;
    private final PrintStream err;

    PcrfImportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Path config = null;
        Path scripts = null;
        Path services = null;
        Map<String, ZoneId> zones = new HashMap<>();
        Map<String, String> plans = new LinkedHashMap<>();
        boolean overwrite = false;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean valued = i + 1 < args.length;
            switch (arg) {
                case "--config" -> config = Path.of(value(args, ++i, arg, valued));
                case "--scripts" -> scripts = Path.of(value(args, ++i, arg, valued));
                case "--services" -> services = Path.of(value(args, ++i, arg, valued));
                case "--zone" -> {
                    String[] pair = pair(value(args, ++i, arg, valued), arg,
                            "ABBR=Region/City, e.g. YEKT=Asia/Yekaterinburg");
                    try {
                        zones.put(pair[0], ZoneId.of(pair[1]));
                    } catch (DateTimeException e) {
                        throw new UsageException("--zone " + args[i] + ": '" + pair[1] + "' is not a time zone ("
                                + e.getMessage() + ")");
                    }
                }
                case "--plan" -> {
                    String[] pair = pair(value(args, ++i, arg, valued), arg, "SCENARIO=TARIFF_CODE, e.g. "
                            + "limit=limitTP");
                    plans.put(pair[0], pair[1]);
                }
                case "--overwrite" -> overwrite = true;
                case "--dry-run" -> dryRun = true;
                default -> throw new UsageException("pcrf-import takes --config, --scripts, --services, --zone, "
                        + "--plan, --overwrite and --dry-run, got '" + arg + "'");
            }
        }
        if (config == null || scripts == null || services == null) {
            throw new UsageException("pcrf-import needs --config FILE (serve's), --scripts FILE and --services FILE "
                    + "(mongoexport --db pcrf --collection scripts / service)");
        }
        ImportReport report;
        try {
            ServeConfig serve = ServeConfigReader.read(config);
            SoftWlcImport.Builder importer = SoftWlcImport.builder(serve.pcrf().definitions()).zones(zones)
                    .overwrite(overwrite).dryRun(dryRun);
            plans.forEach(importer::tariffPlan);
            try (PcrfMaintenance pcrf = PcrfMaintenance.open(serve, Clock.systemUTC())) {
                report = importer.build().run(pcrf.engine(), scripts, services);
            }
        } catch (ConfigException e) {
            return ServeCommand.problems("pcrf-import", e, err, "nothing imported");
        } catch (PcrfException e) {
            err.println("netlever pcrf-import: " + e.getMessage());
            return Netlever.BAD_INPUT;
        }
        report.lines().forEach(out::println);
        return report.complete() ? Netlever.OK : PARTIAL;
    }

    private static String value(String[] args, int i, String option, boolean present) {
        if (!present) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String[] pair(String text, String option, String form) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UsageException(option + " " + text + ": expected " + form);
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
