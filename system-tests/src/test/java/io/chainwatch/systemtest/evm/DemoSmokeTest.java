package io.chainwatch.systemtest.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.app.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chainwatch demo} as the README shows it: the curl URLs answer 200 from the moment the
 * API is up until the demo stops (the first seconds too, before any endpoint has been measured),
 * with pools, curves, health of both chains and metrics in them; then it exits 0.
 */
@Timeout(180)
class DemoSmokeTest {
    private static final List<String> README_PATHS = List.of("/api/v1/evm/pools", "/api/v1/solana/curves?status=trading&limit=10",
            "/api/v1/performance/health", "/api/v1/performance/endpoints", "/api/v1/performance/metrics",
            "/api/v1/performance/history?step=1m", "/api/v1/opportunities?limit=5", "/api/v1/risk", "/api/v1/alerts/active", "/metrics", "/");

    @TempDir
    Path dir;

    @Test
    void theReadmeUrlsAnswerWhileTheDemoRuns() throws Exception {
        // PostgreSQL runs as nobody when the tests run as root: it must pass through the temp folder.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        int port = LoopbackPorts.unused();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread demo = Thread.ofPlatform().name("demo").start(() -> exitCode.set(
                Main.execute("demo", "--duration", "25", "--port", Integer.toString(port), "--data-dir", dir.resolve("demo").toString())));
        try (ApiClient api = new ApiClient(port)) {
            Awaitility.await("the demo's API").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions().until(() -> api.get("/metrics").status() == 200);
            int rounds = 0;
            boolean poolsSeen = false;
            boolean curvesSeen = false;
            boolean decisionsSeen = false;
            while (rounds < 5 || !poolsSeen || !curvesSeen || !decisionsSeen) {
                assertThat(demo.isAlive()).as("demo still running after %d rounds", rounds).isTrue();
                for (String path : README_PATHS) {
                    ApiClient.Answer a = api.get(path);
                    assertThat(a.status()).as("GET %s in round %d: %s", path, rounds, a.body()).isEqualTo(200);
                }
                poolsSeen = !api.pools().isEmpty();
                curvesSeen = !api.get("/api/v1/solana/curves?limit=10").json().isEmpty();
                decisionsSeen = !api.get("/api/v1/opportunities?limit=5").json().isEmpty();
                rounds++;
                Thread.sleep(rounds < 5 ? 100 : 500);
            }

            ApiClient.Answer pools = api.get("/api/v1/evm/pools");
            assertThat(pools.json().size()).isPositive();
            for (JsonNode p : pools.json()) {
                assertThat(ApiClient.integer(p, "reserve0")).isPositive();
                assertThat(ApiClient.integer(p, "reserve1")).isPositive();
            }
            JsonNode health = api.get("/api/v1/performance/health").json();
            assertThat(health.path("status").asText()).isIn("UP", "DEGRADED");
            assertThat(health.path("chains").get(0).path("processed").asLong()).isPositive();
            JsonNode solana = health.path("chains").get(1);
            assertThat(solana.path("chain").asText()).isEqualTo("solana");
            assertThat(solana.path("checkpoint").asLong()).isPositive();
            assertThat(solana.path("lost").asLong()).isZero();
            // Three EVM endpoints; three Solana endpoints, each an rpc and a ws entry.
            assertThat(api.get("/api/v1/performance/endpoints").json().size()).isEqualTo(9);
            for (JsonNode c : api.get("/api/v1/solana/curves?limit=10").json()) {
                assertThat(ApiClient.integer(c.path("reserves"), "virtualSolReserves")).isPositive();
            }
            // The demo paper-trades: opportunities were decided, and the risk state is there to read.
            JsonNode decided = api.get("/api/v1/opportunities?limit=5").json().get(0);
            assertThat(decided.path("outcome").asText()).isIn("approved", "rejected", "skipped");
            assertThat(api.get("/api/v1/risk").json().path("state").asText()).isIn("ACTIVE", "REDUCING", "HALTED");
            assertThat(api.post("/api/v1/risk/emergency-stop", null, "{\"reason\": \"smoke\"}").status()).as("no token, no stop")
                    .isEqualTo(401);
            ApiClient.Answer metrics = api.get("/metrics");
            assertThat(metrics.contentType()).startsWith("text/plain");
            assertThat(metrics.body()).contains("chainwatch_blocks_processed").contains("chainwatch_solana_slot_coverage");
        }
        demo.join(Duration.ofSeconds(90));
        assertThat(demo.isAlive()).as("the demo stops after --duration").isFalse();
        assertThat(exitCode.get()).isZero();
    }
}
