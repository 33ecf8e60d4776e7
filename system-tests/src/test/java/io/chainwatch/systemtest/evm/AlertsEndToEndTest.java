package io.chainwatch.systemtest.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.config.ConfigLoader;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointState;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.store.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole program raises an alert where a user would see it: an endpoint of a running chainwatch
 * starts answering garbage, is benched, and the {@code EndpointBenched} alert reaches a webhook
 * (configured by {@code ALERT_WEBHOOK_URL} alone), the API lists it active and its delivery as an
 * attempt; once the endpoint answers well again and is restored, the resolved notification follows
 * and the history holds both states. The webhook receiver is a local stand-in for the user's
 * service: it records what arrives and answers 200.
 */
@Timeout(180)
class AlertsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = TestPostgres.start(dir);
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aBenchedEndpointReachesTheWebhookAndTheApiAndItsRecoveryResolvesIt() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/secret-path-0123456789", ex -> {
            received.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
        try (EvmSimulator sim = EvmSimulator.start(SimConfig.manual(211).withEndpoints(3))) {
            sim.mineBlocks(3);
            Miner miner = new Miner(sim); // blocks keep coming: the endpoints are asked, and answer or fail
            ChainwatchYaml yaml = ChainwatchYaml.of("sim-alerts", sim.config().chainId(), List.of(sim.endpoint(0).httpUrl().toString(),
                    sim.endpoint(1).httpUrl().toString(), sim.endpoint(2).httpUrl().toString()), sim.factories(), pg.jdbcUrl());
            String text = yaml.render() + "alerts: { group: { by: [alertname, chain], wait: 0s, interval: 1s, repeat: 1h } }\n";
            String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/secret-path-0123456789";
            try (Chainwatch cw = Chainwatch.start(new ConfigLoader(Map.of("ALERT_WEBHOOK_URL", url)).parse(text, "system test"),
                    java.time.InstantSource.system(), Map.of());
                 ApiClient api = new ApiClient(cw.apiPort())) {
                Endpoint faulty = Checks.chain(cw).endpoints().all().getFirst();
                Awaitility.await("chainwatch following the chain").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Checks.chain(cw).status().processed() >= 3);

                sim.endpoint(0).malformed(true);
                Awaitility.await(faulty.id() + " benched").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> faulty.health().state() == EndpointState.BENCHED);
                Awaitility.await("EndpointBenched at the webhook").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> notified(received, "firing", faulty.id()));
                JsonNode active = api.get("/api/v1/alerts/active").json();
                assertThat(active).anySatisfy(a -> {
                    assertThat(a.path("name").asText()).isEqualTo("EndpointBenched");
                    assertThat(a.path("labels").path("endpoint").asText()).isEqualTo(faulty.id());
                });
                Awaitility.await("the delivery recorded").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> hasDelivery(api.get("/api/v1/alerts/notifications?channel=webhook").json()));

                sim.endpoint(0).malformed(false);
                Awaitility.await(faulty.id() + " restored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> faulty.health().state() != EndpointState.BENCHED);
                Awaitility.await("the resolved notification").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> notified(received, "resolved", faulty.id()));
                Awaitility.await("both states in the history").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.get("/api/v1/alerts?state=resolved").json().size() >= 1
                                && api.get("/api/v1/alerts?state=firing").json().size() >= 1);
                // The webhook's URL carries its secret in the path: nowhere in what the API answers.
                assertThat(api.get("/api/v1/alerts/notifications?limit=100").body()).doesNotContain("secret-path-0123456789");
                assertThat(api.get("/api/v1/alerts?limit=100").body()).doesNotContain("secret-path-0123456789");
            } finally {
                miner.close();
            }
        } finally {
            webhook.stop(0);
        }
    }

    /** Whether a webhook call with {@code status} carried the EndpointBenched alert of {@code endpoint} in that status. */
    private static boolean notified(List<JsonNode> received, String status, String endpoint) {
        for (JsonNode call : received) {
            for (JsonNode a : call.path("alerts")) {
                if (a.path("status").asText().equals(status) && a.path("labels").path("alertname").asText().equals("EndpointBenched")
                        && a.path("labels").path("endpoint").asText().equals(endpoint)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasDelivery(JsonNode attempts) {
        for (JsonNode a : attempts) {
            if (a.path("outcome").asText().equals("delivered")) {
                return true;
            }
        }
        return false;
    }
}
