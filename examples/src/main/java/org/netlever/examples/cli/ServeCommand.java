package org.netlever.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

import org.netlever.examples.cli.Netlever.UsageException;
import org.netlever.server.ConfigException;
import org.netlever.server.ConfigProblem;
import org.netlever.server.NetleverServer;
import org.netlever.server.ServeConfig;
import org.netlever.server.ServeConfigReader;

/**
 * {@code netlever serve --config FILE}: runs the access server the file describes until SIGTERM or SIGINT, then shuts
 * down gracefully (stop accepting, drain, flush). A configuration with problems stops start-up before anything
 * listens, with every problem on stderr (file, field, reason) and exit status 2; so does a listener address that
 * cannot be bound (in use, or not this host's), after what was started is stopped again.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class ServeCommand {

    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                throw new UsageException("serve takes --config FILE, got '" + args[i] + "'");
            }
        }
        if (file == null) {
            throw new UsageException("serve needs --config FILE (see server/config/netlever.yaml)");
        }
        NetleverServer server;
        try {
            ServeConfig config = ServeConfigReader.read(file);
            server = NetleverServer.start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            return problems("serve", e, err, "nothing started");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "netlever-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("netlever serve: ready; lever http://%s, softswitch RADIUS %s/%s, BRAS RADIUS %s/%s, ops http://%s%n",
                text(server.leverAddress()), text(server.softswitchAuthAddress()),
                text(server.softswitchAcctAddress()), text(server.brasAuthAddress()), text(server.brasAcctAddress()),
                text(server.opsAddress()));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return Netlever.OK;
    }

    /** Prints a configuration's problems, one a line, and returns exit status 2. */
    static int problems(String command, ConfigException e, PrintStream err, String consequence) {
        err.println("netlever " + command + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem"
                : " problems") + " in the configuration; " + consequence + ":");
        for (ConfigProblem problem : e.problems()) {
            err.println("  " + problem);
        }
        return Netlever.BAD_INPUT;
    }

    private static String text(java.net.InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
