package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.alerts.AlertEvent;
import io.chainwatch.alerts.AlertManager;
import io.chainwatch.alerts.InMemoryAlertHistory;
import io.chainwatch.alerts.channel.AlertChannels;
import io.chainwatch.core.config.AlertChannelConfig;
import io.chainwatch.core.config.AlertsConfig;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.core.config.ApiToken;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert routes over a real alert manager, delivering to a console channel: history, active alerts, silences and their token. */
@Timeout(60)
class AlertApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "alert-api-test-token-0123456789";

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    private AlertManager alerts;
    private ApiServer api;

    @BeforeEach
    void start() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AlertsConfig config = AlertsConfig.defaults();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        alerts = AlertManager.builder(config)
                .channels(AlertChannels.fromConfig(List.of(AlertChannelConfig.Console.STDOUT), InstantSource.system(), out, out,
                        AlertChannelConfig.Format.TEXT))
                .history(new InMemoryAlertHistory(1_000)).registry(metrics).clock(InstantSource.system()).random(new SplittableRandom(1)).build();
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, Optional.of(ApiToken.of(TOKEN))), new ApiServer.Services(List.of(), null, null, alerts, null),
                metrics, InstantSource.system());
    }

    @AfterEach
    void stop() {
        api.close();
        alerts.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain(TOKEN);
        return r;
    }

    private void benched() {
        alerts.event(AlertEvent.of(AlertEvent.ENDPOINT_STATE, Map.of("chain", "eth", "endpoint", "eth-0-eu", "state", "benched",
                "cause", "timeout"), java.time.Instant.now()));
        alerts.evaluate();
    }

    @Test
    void aFiringAlertIsListedActiveAndInTheHistoryFilteredByStateAndSeverity() throws Exception {
        benched();
        JsonNode active = JSON.readTree(send("GET", "/api/v1/alerts/active", null, null).body());
        assertThat(active).singleElement().satisfies(a -> {
            assertThat(a.get("name").asText()).isEqualTo("EndpointBenched");
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("severity").asText()).isEqualTo("warning");
            assertThat(a.get("labels").get("endpoint").asText()).isEqualTo("eth-0-eu");
        });
        assertThat(JSON.readTree(send("GET", "/api/v1/alerts?state=firing&severity=warning&limit=5", null, null).body()))
                .extracting(a -> a.get("name").asText()).containsExactly("EndpointBenched");
        assertThat(JSON.readTree(send("GET", "/api/v1/alerts?severity=critical", null, null).body())).isEmpty();
        assertThat(JSON.readTree(send("GET", "/api/v1/alerts?state=resolved", null, null).body())).isEmpty();

        HttpResponse<String> bad = send("GET", "/api/v1/alerts?severity=loud", null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("parameter").asText()).isEqualTo("severity");
        assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("info, warning, error, critical");
    }

    @Test
    void silencesAreSetListedAndDeletedOnlyWithTheToken() throws Exception {
        String body = "{\"matchers\": [\"alertname=EndpointBenched\"], \"endsAt\": \"" + java.time.Instant.now().plusSeconds(3600)
                + "\", \"createdBy\": \"alice\", \"comment\": \"provider maintenance\"}";
        assertThat(send("POST", "/api/v1/alerts/silences", body, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/alerts/silences", body, "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        assertThat(alerts.silences()).isEmpty();

        HttpResponse<String> badBody = send("POST", "/api/v1/alerts/silences", "{\"matchers\": [], \"endsAt\": \"soon\"}", TOKEN);
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badBody.body()).get("error").asText()).startsWith("matchers:");

        HttpResponse<String> created = send("POST", "/api/v1/alerts/silences", body, TOKEN);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();
        assertThat(JSON.readTree(send("GET", "/api/v1/alerts/silences", null, null).body()))
                .extracting(s -> s.get("id").asText()).containsExactly(id);

        assertThat(send("DELETE", "/api/v1/alerts/silences/" + id, null, null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v1/alerts/silences/" + id, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(alerts.silences()).isEmpty();
        assertThat(send("DELETE", "/api/v1/alerts/silences/" + id, null, TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void theLiveSnapshotCarriesTheActiveAlerts() throws Exception {
        benched();
        JsonNode snapshot = JSON.readTree(send("GET", "/api/v1/snapshot", null, null).body());
        assertThat(snapshot.get("alerts").get("activeCount").asInt()).isEqualTo(1);
        assertThat(snapshot.get("alerts").get("active").get(0).get("name").asText()).isEqualTo("EndpointBenched");
    }
}
