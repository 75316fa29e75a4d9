package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.server.testing.ExampleConfig;
import org.slf4j.Logger;

/**
 * The shipped logging configurations of serve, each run in a logback context of the test's own:
 * {@code server/config/logback.xml} writes JSON lines whose message is the formatted text and whose key/values are
 * fields, {@code logback-text.xml} beside it lines for a person.
 */
class ServeLoggingTest {

    private static final Path CONFIG = Path.of(System.getProperty("netlever.repository", ".."))
            .resolve("server/config");

    /** What a configuration writes (to stderr) while {@code events} log through it. */
    private static String logged(String file, Consumer<Logger> events) throws Exception {
        Path config = CONFIG.resolve(file);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());   // what logback's slf4j provider gives its own context
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        // logback's console target writes to whatever System.err is at the moment of each event.
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config.toFile());
            List<String> problems = new ArrayList<>();
            for (Status status : context.getStatusManager().getCopyOfStatusList()) {
                if (status.getLevel() >= Status.WARN) {
                    problems.add(status.toString());
                }
            }
            assertThat(problems).as("logback's warnings and errors for " + config).isEmpty();
            events.accept(context.getLogger("org.netlever.server.NetleverServer"));
            assertThat(context.getStatusManager().getCopyOfStatusList()).as("appending failed")
                    .allMatch(status -> status.getLevel() < Status.WARN);
        } finally {
            context.stop();
            System.setErr(systemErr);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** An event as serve logs one: placeholders, key/values, an exception, and secrets that must not show. */
    private static void refusal(Logger log) {
        log.atWarn().setMessage("lever request from {} refused: {} (secret {})").addArgument("192.0.2.7")
                .addArgument("bad signature").addArgument(LeverSecret.of(ExampleConfig.LEVER_SECRET))
                .addKeyValue("listener", "lever").addKeyValue("refused", 3).addKeyValue("pcrfLeader", true)
                .addKeyValue("secret", RadiusSecret.of(ExampleConfig.BRAS_SECRET).toString())
                .setCause(new IllegalStateException("signature mismatch")).log();
    }

    @Test
    void logbackXml_oneJsonObjectPerLine_formattedMessageKeyValuesAsFieldsAndTheStackTrace() throws Exception {
        String out = logged("logback.xml", log -> {
            refusal(log);
            log.debug("not logged: org.netlever is at INFO");
            log.info("netlever serve stopped");
        });

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(2);
        JsonNode event = new ObjectMapper().readTree(lines[0]);
        assertThat(event.path("message").asText())
                .isEqualTo("lever request from 192.0.2.7 refused: bad signature (secret LeverSecret[redacted])");
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("logger").asText()).isEqualTo("org.netlever.server.NetleverServer");
        assertThat(event.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(event.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
        assertThat(event.path("listener").asText()).isEqualTo("lever");
        assertThat(event.path("refused").isInt()).as("a number stays a number").isTrue();
        assertThat(event.path("refused").asInt()).isEqualTo(3);
        assertThat(event.path("pcrfLeader").isBoolean()).isTrue();
        assertThat(event.path("stack_trace").asText())
                .startsWith("java.lang.IllegalStateException: signature mismatch")
                .contains("at org.netlever.server.ServeLoggingTest");
        assertThat(new ObjectMapper().readTree(lines[1]).path("message").asText())
                .isEqualTo("netlever serve stopped");
        assertThat(out).doesNotContain(ExampleConfig.LEVER_SECRET).doesNotContain(ExampleConfig.BRAS_SECRET);
    }

    @Test
    void logbackTextXml_oneLinePerEvent_withKeyValuesAfterTheMessage() throws Exception {
        String out = logged("logback-text.xml", ServeLoggingTest::refusal);

        assertThat(out.split("\n")[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ WARN  \\[.+] org\\.netlever\\.server\\.NetleverServer - "
                + "lever request from 192\\.0\\.2\\.7 refused: bad signature \\(secret LeverSecret\\[redacted]\\) "
                + "listener=\"lever\" refused=\"3\" pcrfLeader=\"true\" secret=\"RadiusSecret\\[hidden]\"");
        assertThat(out).contains("java.lang.IllegalStateException: signature mismatch")
                .doesNotContain(ExampleConfig.LEVER_SECRET).doesNotContain(ExampleConfig.BRAS_SECRET);
    }
}
