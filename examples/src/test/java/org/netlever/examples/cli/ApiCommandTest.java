package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.server.NetleverServer;
import org.netlever.server.ServeConfigReader;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * {@code netlever leases|events|calls|pcrf|devices} (issue 15 part 3) against a real serve, in-process, started from
 * the shipped example configuration: tables and {@code --json}, paging, the token from the configuration, and exit
 * status 2 with the API's reason for what it refuses.
 */
class ApiCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config;
    private NetleverServer server;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        config = ExampleConfig.in(dir).write();
        server = NetleverServer.start(ServeConfigReader.read(config), Clock.systemUTC());
        url = "http://127.0.0.1:" + server.opsAddress().getPort();
        HttpClient http = HttpClient.newHttpClient();
        // S1.6: alice behind sw-17 port 5 gets a lease; a commit from an unregistered switch is rejected with a reason.
        HttpResponse<String> ok = http.send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET,
                "source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
                        + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=cli-1"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        http.send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET,
                "source=isc-dhcpd&event=commit&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43"
                        + "&remote_id=0%3A6%3A0%3A11%3A22%3A33%3A44%3A55&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=cli-2"),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private CommandRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        all[args.length + 2] = "--url";
        all[args.length + 3] = url;
        return CommandRun.of(all);
    }

    @Test
    void leases_printAnAlignedTableOfTheLeases() {
        CommandRun r = run("leases", "--subscriber", "alice");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("IP").contains("SUBSCRIBER").contains("STATE");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("198.51.100.10").contains("alice").contains("sw-17").contains("active");
        // aligned: every column starts where its heading does
        assertThat(lines.get(1).indexOf("alice")).isEqualTo(lines.get(0).indexOf("SUBSCRIBER"));
    }

    @Test
    void leases_json_isTheApisPage() throws Exception {
        CommandRun r = run("leases", "--ip", "198.51.100.10", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode page = JSON.readTree(r.out());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("subscriber").asText()).isEqualTo("alice");
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void events_showTheRejectionWithItsReason() {
        CommandRun r = run("events", "--outcome", "rejected");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1)).anySatisfy(line -> assertThat(line).contains("198.51.100.11"));
        assertThat(r.out().lines().findFirst().orElseThrow()).endsWith("REASON");
    }

    @Test
    void events_pagesAreFollowedWithAll() throws Exception {
        CommandRun first = run("events", "--limit", "1", "--json");
        assertThat(first.status()).as(first.err()).isZero();
        JsonNode page = JSON.readTree(first.out());
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("next").isTextual()).isTrue();
        CommandRun second = run("events", "--limit", "1", "--cursor", page.get("next").asText(), "--json");
        JsonNode next = JSON.readTree(second.out());
        assertThat(next.get("items").get(0).get("id").asLong()).isLessThan(page.get("items").get(0).get("id").asLong());
        CommandRun all = run("events", "--limit", "1", "--all", "--json");
        assertThat(JSON.readTree(all.out()).get("items")).hasSize(2);
        CommandRun table = run("events", "--limit", "1");
        assertThat(table.err()).contains("more: --cursor");
    }

    @Test
    void badFilter_exits2WithTheApisReason() {
        CommandRun r = run("leases", "--state", "gone");
        assertThat(r.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(r.err()).contains("400").contains("state").contains("active");
        CommandRun unknown = run("leases", "--colour", "red");
        assertThat(unknown.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(unknown.err()).contains("--colour").contains("--subscriber");
    }

    @Test
    void wrongToken_exits2Saying401AndTheTokensName() throws Exception {
        Files.writeString(config.resolveSibling("secrets/ops-read.token"), "not-the-token-serve-read-at-start-0000\n");
        CommandRun r = run("leases");
        assertThat(r.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(r.err()).contains("401").contains("support").doesNotContain("not-the-token");
        CommandRun none = run("leases", "--token", "nobody");
        assertThat(none.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(none.err()).contains("no token named 'nobody'");
    }

    @Test
    void devicesPut_withTheReadToken_exits2Forbidden_withTheAdminToken_writes() {
        String body = "{\"type\":\"dlink-switch\",\"mac\":\"f8:e9:03:00:00:99\"}";
        CommandRun refused = run("devices", "put", "sw-99", "--body", body, "--token", "support");
        assertThat(refused.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(refused.err()).contains("403");
        CommandRun put = run("devices", "put", "sw-99", "--body", body);
        assertThat(put.status()).as(put.err()).isZero();
        CommandRun list = run("devices");
        assertThat(list.out()).contains("sw-99").contains("f8:e9:03:00:00:99").contains("sw-17");
        CommandRun get = run("devices", "get", "sw-99");
        assertThat(get.out()).contains("\"dlink-switch\"");
        CommandRun delete = run("devices", "delete", "sw-99");
        assertThat(delete.status()).as(delete.err()).isZero();
        assertThat(run("devices", "get", "sw-99").status()).isEqualTo(Netlever.BAD_INPUT);
    }

    @Test
    void serveNotRunning_exits1SayingSo() {
        server.close();
        CommandRun r = run("leases");
        assertThat(r.status()).isEqualTo(Netlever.FAILED);
        assertThat(r.err()).contains("cannot reach serve's API");
    }

    @Test
    void help_listsTheApiCommands() {
        CommandRun r = CommandRun.of("help");
        assertThat(r.out()).contains("netlever leases [--ip A]").contains("netlever events").contains("netlever calls")
                .contains("netlever pcrf transitions").contains("netlever devices put ID");
    }
}
