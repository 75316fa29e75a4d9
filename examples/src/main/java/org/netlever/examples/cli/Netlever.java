package org.netlever.examples.cli;

import java.io.PrintStream;
import java.util.Arrays;

import org.netlever.device.DeviceSpiException;

/**
 * The {@code netlever} command: {@code java -jar examples/target/netlever.jar <command> [options]}, or the
 * {@code ./netlever} script at the repository root, which builds the jar first when needed.
 *
 * <pre>
 * netlever demo                                   the end-to-end story on the embedded defaults
 * netlever serve --config FILE                    run the access server FILE describes, until SIGTERM
 * netlever pcrf-import --config FILE --scripts F --services F [...]
 *                                                 bring SoftWLC's PCRF state into serve's database
 * netlever option82 --raw HEX [...]               decode an Option 82 to JSON
 * netlever option82 --circuit-id X --remote-id Y [...]
 * netlever leases|events|calls|pcrf|devices [...]  read (and, devices, write) a running serve through its API
 * </pre>
 * Exit status: 0 on success, 2 for bad input or usage (one line on stderr says why; also a request the API refuses),
 * 1 for an unexpected failure or a serve that cannot be reached;
 * {@code pcrf-import} exits 3 when it skipped some documents and imported the rest.
 *
 * <p>Not thread-safe: one run per instance, as a command line is.
 */
public final class Netlever {

    /** Exit status for success. */
    public static final int OK = 0;
    /** Exit status for an unexpected failure. */
    public static final int FAILED = 1;
    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;

    static final String USAGE = """
            usage: netlever <command> [options]

            commands:
              demo        run the netlever story on the embedded defaults
              serve       run the access server a configuration file describes, until SIGTERM:
                            netlever serve --config server/config/netlever.yaml
              pcrf-import bring SoftWLC's PCRF state (mongoexport of its pcrf database) into serve's database;
                          run it while serve is stopped:
                            netlever pcrf-import --config FILE --scripts scripts.json --services service.json
                          options: --zone ABBR=Region/City  a quota_cron zone abbreviation of the installation
                                   --plan SCENARIO=CODE     the tariff plan when several bind a scenario
                                   --overwrite              replace the state of subscribers netlever has
                                   --dry-run                check and report, store nothing
                          exit status 0: all imported or kept; 3: some documents skipped (listed), the rest imported
              option82    decode a DHCP Option 82 to JSON:
                            netlever option82 --raw HEX
                            netlever option82 --circuit-id X [--remote-id Y]
                          options: --device-type CODE   decode as this device type's manager does
                                   --heuristic          fall back to the last-byte heuristic (flagged)
                                   --plugins DIR        discover device managers in DIR/*.jar
                          X, Y and HEX may be in any form dhcpd, Kea or RADIUS print:
                            0:4:0:98:0:5, 0x000400980005, 000400980005, "quoted text"
            """ + ApiCommand.USAGE + """
              help        show this text
            """;

    private Netlever() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return BAD_INPUT;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "demo" -> new DemoCommand(out).run(rest);
                case "option82" -> new Option82Command(out).run(rest);
                case "serve" -> new ServeCommand(out, err).run(rest);
                case "pcrf-import" -> new PcrfImportCommand(out, err).run(rest);
                case "leases", "events", "calls", "pcrf", "devices" -> new ApiCommand(out, err).run(args[0], rest);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'; try 'netlever help'");
            };
        } catch (UsageException | IllegalArgumentException | DeviceSpiException e) {
            err.println("netlever " + args[0] + ": " + oneLine(e.getMessage()));
            return BAD_INPUT;
        } catch (ApiCommand.Unreachable e) {
            err.println("netlever " + args[0] + ": " + oneLine(e.getMessage()));
            return FAILED;
        } catch (RuntimeException e) {
            err.println("netlever " + args[0] + ": unexpected failure: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ');
    }

    /** Bad command-line usage: exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
