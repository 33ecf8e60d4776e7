package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.ApiConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Solana routes when there is no feed to ask: none configured (404), or a feed that stopped (503). */
@Timeout(60)
class SolanaUnavailableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOME_MINT = "So11111111111111111111111111111111111111112";

    @Test
    void withoutSolanaTheRoutesAnswer404AndHealthHasNoSolanaEntry() throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ApiServer api = new ApiServer(new ApiConfig("127.0.0.1", 0, java.util.Optional.empty()), new ApiServer.Services(List.of(), null, null, null, null), metrics, InstantSource.system());
             HttpClient http = HttpClient.newHttpClient()) {
            for (String path : List.of("/api/v1/solana/curves", "/api/v1/solana/curves?status=bogus", "/api/v1/solana/curves/" + SOME_MINT)) {
                HttpResponse<String> r = get(http, api, path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(JSON.readTree(r.body()).get("error").asText()).as(path).contains("Solana is not configured");
            }
            HttpResponse<String> health = get(http, api, "/api/v1/performance/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("chains").size()).isZero();
            assertThat(JSON.readTree(get(http, api, "/api/v1/performance/endpoints").body()).size()).isZero();
        } finally {
            metrics.close();
        }
    }

    @Test
    void aStoppedFeedAnswers503(@TempDir Path dir) throws Exception {
        try (SimulatedSolanaFeed solana = SimulatedSolanaFeed.create(5, dir);
             ApiServer api = new ApiServer(new ApiConfig("127.0.0.1", 0, java.util.Optional.empty()), new ApiServer.Services(List.of(), solana.feed, null, null, null), solana.metrics, InstantSource.system());
             HttpClient http = HttpClient.newHttpClient()) {
            solana.feed.start();
            assertThat(get(http, api, "/api/v1/solana/curves").statusCode()).isEqualTo(200);
            // SolanaFeed.close() while its stream is still opening waits on that WebSocket for good (reported): close once it is open.
            await().atMost(Duration.ofSeconds(20)).until(() -> solana.feed.status().stream() != null);

            solana.feed.close();

            for (String path : List.of("/api/v1/solana/curves", "/api/v1/solana/curves/" + SOME_MINT)) {
                HttpResponse<String> r = get(http, api, path);
                assertThat(r.statusCode()).as(path).isEqualTo(503);
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("error").asText()).as(path).contains("Solana feed").contains("stopped");
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, ApiServer api, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
