package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.chainwatch.core.config.ApiConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's live data over real HTTP: the event stream read byte by byte from a socket, the
 * bound on open streams, the polled snapshot, and the page itself served from the jar under a
 * policy that lets it load nothing from elsewhere.
 */
@Timeout(60)
class LiveStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private ApiServer apiServer() {
        return new ApiServer(new ApiConfig("127.0.0.1", 0, Optional.empty()), new ApiServer.Services(List.of(), null, null, null, null), metrics, InstantSource.system());
    }

    @Test
    void streamSendsASnapshotEverySecondEachLaterThanTheOneBefore() throws Exception {
        try (ApiServer api = apiServer();
             RawEventStream stream = new RawEventStream(api.port(), "/api/v1/stream")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("Content-Encoding")).as("events are not held back in a gzip buffer").isNull();
            RawEventStream.Event first = stream.next();
            RawEventStream.Event second = stream.next();

            assertThat(first.type()).isEqualTo("snapshot");
            JsonNode a = JSON.readTree(first.data());
            JsonNode b = JSON.readTree(second.data());
            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
            assertThat(b.path("seq").asLong()).isEqualTo(Long.parseLong(second.id()));
            Instant firstAt = Instant.parse(a.path("at").asText());
            Instant secondAt = Instant.parse(b.path("at").asText());
            assertThat(Duration.between(firstAt, secondAt)).isGreaterThanOrEqualTo(ApiServer.LIVE_INTERVAL);
            // What the server can answer is in every snapshot; what is not configured is null.
            assertThat(a.path("health").path("status").asText()).isEqualTo("DOWN");
            assertThat(a.path("endpoints").isArray()).isTrue();
            assertThat(a.path("pools").path("total").asInt()).isZero();
            assertThat(a.path("solana").isNull()).isTrue();
            assertThat(a.path("trading").isNull()).isTrue();
        }
    }

    @Test
    void streamsBeyondTheBoundAreRefusedWith503UntilOneCloses() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        Map<String, Supplier<?>> parts = Map.of("builds", builds::incrementAndGet);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        LiveSnapshots snapshots = new LiveSnapshots(parts, json, InstantSource.system(), Duration.ofMillis(200));
        try (LiveRoutes live = new LiveRoutes(snapshots, 2, Duration.ofMillis(200))) {
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            live.register(app);
            app.start("127.0.0.1", 0);
            RawEventStream one = new RawEventStream(app.port(), "/api/v1/stream");
            try (RawEventStream two = new RawEventStream(app.port(), "/api/v1/stream")) {
                one.next();
                two.next();
                try (RawEventStream three = new RawEventStream(app.port(), "/api/v1/stream")) {
                    assertThat(three.status()).isEqualTo(503);
                    assertThat(three.header("Retry-After")).isEqualTo("10");
                    assertThat(three.body()).contains("at most 2").contains("/api/v1/snapshot");
                }
                assertThat(live.clients()).isEqualTo(2);
                one.close();
                // The writer finds its client gone at its next write, and frees the place.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 1);
                try (RawEventStream again = new RawEventStream(app.port(), "/api/v1/stream")) {
                    assertThat(again.status()).isEqualTo(200);
                    assertThat(again.next().type()).isEqualTo("snapshot");
                }
                two.next();
            } finally {
                one.close();
                app.stop();
            }
        }
        // Two or three clients streamed at once, yet one snapshot was built per interval for all of them.
        assertThat(builds.get()).isLessThan(40);
    }

    @Test
    void snapshotCanBePolledWhenStreamingIsNotPossible() throws Exception {
        try (ApiServer api = apiServer()) {
            HttpResponse<String> r = get(api, "/api/v1/snapshot");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode s = JSON.readTree(r.body());
            assertThat(s.path("seq").asLong()).isPositive();
            assertThat(s.path("intervalMs").asLong()).isEqualTo(1000);
            assertThat(s.has("health")).isTrue();
        }
    }

    @Test
    void dashboardIsServedFromTheJarAndMayLoadNothingFromElsewhere() throws Exception {
        try (ApiServer api = apiServer()) {
            HttpResponse<String> page = get(api, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ApiServer.CONTENT_SECURITY_POLICY);
            assertThat(ApiServer.CONTENT_SECURITY_POLICY).startsWith("default-src 'self';").doesNotContain("unsafe").doesNotContain("http");
            assertThat(page.body()).contains("name=\"viewport\"").doesNotContain("http:").doesNotContain("https:").doesNotContain("//cdn");
            for (String file : List.of("/dashboard.js", "/dashboard.css", "/favicon.svg", "/vendor/uplot/dist/uPlot.iife.min.js",
                    "/vendor/uplot/dist/uPlot.min.css")) {
                HttpResponse<String> r = get(api, file);
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(file).hasValue(ApiServer.CONTENT_SECURITY_POLICY);
                assertThat(page.body()).as("the page loads " + file).contains(file);
            }
        }
    }

    private static HttpResponse<String> get(ApiServer api, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
