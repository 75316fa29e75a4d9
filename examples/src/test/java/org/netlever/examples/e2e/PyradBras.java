package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.netlever.server.testing.ExampleConfig;

/**
 * The BRAS of issue 13, played by python3-pyrad ({@code pyrad/netlever_bras.py bras}): session and service
 * authorization and per-service accounting with Gigawords, each answer's Response Authenticator and
 * Message-Authenticator checked by the script before the test sees it. Not thread-safe: one test drives it.
 */
final class PyradBras implements AutoCloseable {

    /** The NAS-Identifier the BRAS sends, as the example configuration's {@code bras.coa[0].nas} names it. */
    static final String NAS = "esr-1";

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private PyradBras(Process process) {
        this.process = process;
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the BRAS towards a serve's BRAS listeners.
     *
     * @param pyrad the scripts
     * @param serve serve, ready
     * @param logs where the script's standard error goes ({@code bras.err})
     * @return the BRAS
     */
    static PyradBras start(Pyrad pyrad, ServeProcess serve, Path logs) throws IOException {
        return new PyradBras(pyrad.run("netlever_bras.py", logs.resolve("bras.err"), "bras",
                serve.host(ServeProcess.BRAS_AUTH), serve.port(ServeProcess.BRAS_AUTH) + "/"
                        + serve.port(ServeProcess.BRAS_ACCT), ExampleConfig.BRAS_SECRET,
                pyrad.dictionary().toString(), NAS));
    }

    /** Session authorization; fails the test unless it is answered and verified. */
    Answer session(String user) {
        return ask("session " + user);
    }

    /** Service authorization; fails the test unless it is answered and verified. */
    Answer service(String user) {
        return ask("service " + user);
    }

    /**
     * Accounting of one service session; fails the test unless it is answered and verified.
     *
     * @param kind {@code Start}, {@code Interim-Update} or {@code Stop}
     * @param octetsIn input octets since the session's start, 64-bit (sent with Gigawords)
     * @param octetsOut output octets, likewise
     */
    Answer acct(String kind, String user, String session, String service, long seconds, long octetsIn,
            long octetsOut) {
        return ask(String.join(" ", "acct", kind, user, session, service, Long.toString(seconds),
                Long.toUnsignedString(octetsIn), Long.toUnsignedString(octetsOut)));
    }

    private Answer ask(String request) {
        try {
            in.write(request + "\n");
            in.flush();
            String line = out.readLine();
            assertThat(line).as("pyrad's answer to '%s'", request).isNotNull().startsWith("ANSWER ");
            return Answer.parse(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * A verified answer as pyrad decoded it. Immutable.
     *
     * @param code the RADIUS code (2 Access-Accept, 3 Access-Reject, 5 Accounting-Response)
     * @param attributes {@code name=value} in packet order
     */
    record Answer(int code, List<String> attributes) {

        static Answer parse(String line) {
            String[] f = line.split(" ", 3);
            return new Answer(Integer.parseInt(f[1]), f.length < 3 || f[2].isEmpty() ? List.of()
                    : Arrays.asList(f[2].split(";")));
        }

        /** The value of the first attribute of that name. */
        Optional<String> attribute(String name) {
            return attributes.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                    .findFirst();
        }

        /** The value of the first {@code Eltex-AVPair} with that key. */
        Optional<String> pair(String key) {
            return attribute("Eltex-AVPair=" + key);
        }
    }

    /**
     * The BRAS's CoA listener ({@code pyrad/netlever_bras.py coa}), a pyrad server on a free loopback port that
     * answers CoA-ACK, stays silent or answers CoA-NAK with an Error-Cause, and reports every CoA-Request whose
     * Request Authenticator verified. Thread-safe.
     */
    static final class CoaListener implements AutoCloseable {

        /** How the listener answers (RFC 5176 3.6). */
        enum Mode { ACK, SILENT, NAK }

        private final Process process;
        private final int port;
        private final BlockingQueue<Coa> received = new LinkedBlockingQueue<>();
        private final List<Coa> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        private CoaListener(Process process) throws IOException, InterruptedException {
            this.process = process;
            BlockingQueue<String> first = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    Pyrad.eachLine(process, line -> {
                        if (line.startsWith("COA ")) {
                            Coa coa = Coa.parse(line, java.time.Instant.now());
                            all.add(coa);
                            received.add(coa);
                        } else {
                            first.add(line);
                        }
                    });
                } catch (IOException e) {
                    first.add("EXITED " + e);
                }
            }, "pyrad-coa-listener");
            reader.setDaemon(true);
            reader.start();
            String listening = first.poll(30, TimeUnit.SECONDS);
            assertThat(listening).as("the CoA listener's first line").isNotNull().startsWith("LISTENING ");
            this.port = Integer.parseInt(listening.substring("LISTENING ".length()));
        }

        /**
         * Starts a listener.
         *
         * @param pyrad the scripts
         * @param mode how it answers
         * @param errorCause the Error-Cause of its CoA-NAK (ignored unless {@code NAK})
         * @param logs where the script's standard error goes ({@code coa-MODE.err})
         * @return the listener, listening
         */
        static CoaListener start(Pyrad pyrad, Mode mode, int errorCause, Path logs)
                throws IOException, InterruptedException {
            String name = mode.name().toLowerCase(java.util.Locale.ROOT);
            List<String> args = new java.util.ArrayList<>(List.of("coa", ExampleConfig.BRAS_SECRET,
                    pyrad.dictionary().toString(), name));
            if (mode == Mode.NAK) {
                args.add(Integer.toString(errorCause));
            }
            Process p = pyrad.run("netlever_bras.py", logs.resolve("coa-" + name + ".err"), args.toArray(String[]::new));
            p.getOutputStream().close();
            return new CoaListener(p);
        }

        int port() {
            return port;
        }

        /** The next CoA-Request received, waiting up to {@code timeout}; fails the test if none comes. */
        Coa next(Duration timeout) throws InterruptedException {
            Coa coa = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(coa).as("a CoA-Request within %s", timeout).isNotNull();
            return coa;
        }

        /** Every CoA-Request received so far, retransmissions included. */
        List<Coa> all() {
            return List.copyOf(all);
        }

        /** The requests not yet taken by {@link #next}. */
        int waiting() {
            return received.size();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /**
     * A CoA-Request pyrad received. Immutable.
     *
     * @param id its identifier
     * @param authenticator its Request Authenticator, hex (a retransmission repeats it, a new request does not)
     * @param messageAuthenticator {@code ok}, {@code missing} or {@code bad}
     * @param attributes {@code name=value} in packet order
     * @param received when the test read pyrad's report of it
     */
    record Coa(int id, String authenticator, String messageAuthenticator, List<String> attributes,
            java.time.Instant received) {

        static Coa parse(String line, java.time.Instant received) {
            String[] f = line.split(" ", 5);
            return new Coa(Integer.parseInt(f[1]), f[2], f[3].substring("ma=".length()),
                    f.length < 5 ? List.of() : Arrays.asList(f[4].split(";")), received);
        }
    }
}
