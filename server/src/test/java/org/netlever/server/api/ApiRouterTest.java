package org.netlever.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.server.ApiToken;
import org.netlever.server.testing.ApiClient;

/** The API's authentication, roles, routing and error answers (docs/api.md, issue 15 part 1), over real HTTP. */
class ApiRouterTest {

    private static final String READ = "r".repeat(40);
    private static final String ADMIN = "a".repeat(40);

    private ApiRouter router;
    private HttpEndpoint http;
    private ApiClient reader;

    @BeforeEach
    void setUp() {
        router = new ApiRouter(List.of(ApiToken.of("support", ApiToken.Role.READ, READ),
                ApiToken.of("admin", ApiToken.Role.ADMIN, ADMIN)));
        router.route("GET", "/api/v1/things/{id}", r -> {
            r.allow("kind");
            return ApiReply.ok(Json.object().put("id", r.path("id")).put("kind", r.text("kind").orElse(null))
                    .put("limit", r.limit()).put("by", r.token().name()));
        });
        router.route("PUT", "/api/v1/things/{id}", r -> ApiReply.ok(r.json()));
        router.route("DELETE", "/api/v1/things/{id}", r -> {
            throw ApiException.conflict("thing " + r.path("id") + " is in use");
        });
        router.route("GET", "/api/v1/boom", r -> {
            throw new IllegalStateException("secret detail");
        });
        http = HttpEndpoint.builder(router::answer).bind(new InetSocketAddress("127.0.0.1", 0)).start();
        reader = ApiClient.of(http.address(), READ);
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @Test
    void answer_beforeOpen_is503ForAnAuthenticatedRequest() {
        assertThat(reader.get("/api/v1/things/1").status()).isEqualTo(503);
        assertThat(reader.withToken(null).get("/api/v1/things/1").status()).isEqualTo(401);
    }

    @Test
    void answer_withoutOrWithAWrongToken_is401WithAReasonAndNoHintOfPaths() {
        router.open();
        ApiClient.Answer none = reader.withToken(null).get("/api/v1/things/1");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("error").asText()).isEqualTo("unauthorized");
        assertThat(none.body().get("message").asText()).contains("Bearer");
        ApiClient.Answer wrong = reader.withToken("x".repeat(40)).get("/api/v1/no-such-path");
        assertThat(wrong.status()).as("unauthenticated: not told the path does not exist").isEqualTo(401);
        assertThat(wrong.text()).doesNotContain("x".repeat(40));
    }

    @Test
    void answer_readTokenOnAWrite_is403_adminTokenWrites() {
        router.open();
        ApiClient.Answer refused = reader.put("/api/v1/things/1", "{\"a\":1}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("message").asText()).contains("support").contains("admin token");
        ApiClient.Answer written = reader.withToken(ADMIN).put("/api/v1/things/1", "{\"a\":1}");
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.body().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void answer_routesPathParametersAndFilters() {
        router.open();
        ApiClient.Answer a = reader.get("/api/v1/things/sw%2017?kind=x&limit=7");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("id").asText()).isEqualTo("sw 17");
        assertThat(a.body().get("kind").asText()).isEqualTo("x");
        assertThat(a.body().get("limit").asInt()).isEqualTo(7);
        assertThat(a.body().get("by").asText()).isEqualTo("support");
    }

    @Test
    void answer_badFilterOrLimitOrBody_is400NamingTheField() {
        router.open();
        ApiClient.Answer typo = reader.get("/api/v1/things/1?knd=x");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().get("field").asText()).isEqualTo("knd");
        ApiClient.Answer limit = reader.get("/api/v1/things/1?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("field").asText()).isEqualTo("limit");
        assertThat(reader.get("/api/v1/things/1?limit=1001").status()).isEqualTo(400);
        assertThat(reader.get("/api/v1/things/1?kind=a&kind=b").status()).isEqualTo(400);
        ApiClient.Answer body = reader.withToken(ADMIN).put("/api/v1/things/1", "{not json");
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.body().get("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void answer_unknownPathOrMethod_is404Or405WithAllow() {
        router.open();
        assertThat(reader.get("/api/v1/nothing").status()).isEqualTo(404);
        ApiClient.Answer post = reader.withToken(ADMIN).send("POST", "/api/v1/things/1", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.body().get("message").asText()).contains("GET").contains("PUT").contains("DELETE");
    }

    @Test
    void answer_conflictAndInternalFailure_sayWhatWithoutInternals() {
        router.open();
        assertThat(reader.withToken(ADMIN).delete("/api/v1/things/7").status()).isEqualTo(409);
        ApiClient.Answer boom = reader.get("/api/v1/boom");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.text()).doesNotContain("secret detail");
    }

    @Test
    void cursor_roundTripsAnyTextAndRefusesForeignOnes() {
        Cursor c = Cursor.of("2026-12-01T10:00:00Z", 42, "a\nb\\c");
        assertThat(Cursor.decode(c.encode())).isEqualTo(c);
        assertThat(c.longValue(1, 3)).isEqualTo(42);
        assertThatThrownBy(() -> c.value(0, 2)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Cursor.decode("!!!")).isInstanceOf(ApiException.class);
    }

    @Test
    void page_keepsLimitAndPointsAtTheLastKeptRow() {
        Page<Integer> page = Page.of(List.of(1, 2, 3), 2, i -> Cursor.of(i));
        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.next()).contains(Cursor.of(2));
        assertThat(Page.of(List.of(1, 2), 2, i -> Cursor.of(i)).next()).isEmpty();
    }

    @Test
    void token_tooShortOrBlankName_isRefused() {
        assertThatThrownBy(() -> ApiToken.of("x", ApiToken.Role.READ, "short")).hasMessageContaining("32");
        assertThatThrownBy(() -> ApiToken.of(" ", ApiToken.Role.READ, READ)).hasMessageContaining("name");
        assertThat(ApiToken.of("x", ApiToken.Role.READ, READ).toString()).doesNotContain(READ);
    }
}
