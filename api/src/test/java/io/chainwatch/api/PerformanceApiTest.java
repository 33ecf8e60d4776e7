package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.ApiConfig;
import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.monitor.PerformanceMonitor;
import io.chainwatch.solana.feed.FeedStatus;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The performance routes over HTTP, the monitor reading a real Solana feed that follows the
 * simulator and keeping its history in the embedded PostgreSQL. The monitor samples when the test
 * says (once before the simulator makes 40 slots, once after the feed has stored them), so the
 * second interval holds exactly that work. java.net.http does not decompress, so what the server
 * sent is what the test reads.
 */
@Timeout(60)
class PerformanceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static SimulatedSolanaFeed solana;
    static PerformanceMonitor monitor;
    static JvmGcMetrics gc;
    static ApiServer api;

    @BeforeAll
    @Timeout(120)
    static void start() throws IOException {
        solana = SimulatedSolanaFeed.create(13, dir);
        new JvmMemoryMetrics().bindTo(solana.metrics);
        new ProcessorMetrics().bindTo(solana.metrics);
        gc = new JvmGcMetrics();
        gc.bindTo(solana.metrics);
        PerformanceConfig config = PerformanceConfig.DEFAULTS;
        monitor = new PerformanceMonitor(config, solana.metrics, InstantSource.system(),
                solana.database.performanceHistory(config.retention(), InstantSource.system()));
        api = new ApiServer(new ApiConfig("127.0.0.1", 0, java.util.Optional.empty()), new ApiServer.Services(List.of(), solana.feed, null, null, monitor), solana.metrics,
                InstantSource.system());
        solana.feed.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> solana.feed.status().checkpoint() >= 0);
        monitor.sample();
        long firstSampleNanos = System.nanoTime();
        long lastBlock = solana.sim.produceSlots(40).getLast().slot();
        solana.sim.produceSlots(solana.sim.config().confirmationDepth());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            FeedStatus s = solana.feed.status();
            assertThat(s.checkpoint()).as("checkpoint of %s", s).isGreaterThanOrEqualTo(lastBlock);
        });
        // The checkpoint moves when the write is offered; the store stage is timed once it is written.
        await().atMost(Duration.ofSeconds(10)).until(() -> solana.metrics.find("chainwatch_solana_store_queue_depth").gauge().value() == 0);
        // The history's 1 s steps must hold the two samples apart: the feed may settle the slots in well under a second.
        long sinceFirst = System.nanoTime() - firstSampleNanos;
        if (sinceFirst < 1_100_000_000L) {
            try {
                Thread.sleep((1_100_000_000L - sinceFirst) / 1_000_000 + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        monitor.sample();
    }

    @AfterAll
    @Timeout(30)
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (gc != null) {
            gc.close();
        }
        if (solana != null) {
            solana.close();
        }
        HTTP.close();
    }

    private static HttpResponse<byte[]> get(String pathAndQuery, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theMetricsShowTheRunningPipelinesThroughputStagesGradesAndBottleneck() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/performance/metrics", false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        JsonNode m = JSON.readTree(r.body());
        assertThat(m.get("sequence").asLong()).isEqualTo(2);
        JsonNode pipeline = m.get("pipelines").get(0);
        assertThat(pipeline.get("chain").asText()).isEqualTo("solana");
        assertThat(pipeline.get("slotsPerSecond").asDouble()).isPositive();
        assertThat(pipeline.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(pipeline.get("coverage").asDouble()).isBetween(0.0, 1.0);
        List<String> stages = new ArrayList<>();
        for (JsonNode s : m.get("stages")) {
            stages.add(s.get("chain").asText() + "/" + s.get("stage").asText());
            assertThat(s.get("count").asLong()).as("count of %s", s).isPositive();
            assertThat(s.get("p99Ms").asDouble()).as("p99 of %s", s).isPositive();
        }
        assertThat(stages).containsExactly("solana/feed", "solana/store");
        assertThat(m.get("bottleneck").asText()).isIn("solana/feed", "solana/store");
        assertThat(m.get("grades")).hasSize(6);
        assertThat(m.get("grades").findValuesAsText("target"))
                .containsExactly("throughput", "p99_latency", "error_rate", "slot_coverage", "memory", "cpu");
        assertThat(m.get("jvm").get("memoryBytes").asDouble()).isPositive();
        // Bytes read from the endpoints (RPC answers and stream messages) between the two samples.
        assertThat(m.get("jvm").get("networkBytesPerSecond").asDouble()).isPositive();
        assertThat(m.get("endpoints").findValues("p99Ms")).as("endpoint latencies in ms").anySatisfy(p -> assertThat(p.asDouble()).isPositive());
        assertThat(m.get("endpoints").findValuesAsText("chain")).contains("solana-rpc", "solana-ws"); // each simulated endpoint, rpc and ws
        assertThat(m.get("queues").findValuesAsText("name")).contains("chainwatch_solana_store_queue_depth");
        assertThat(m.get("status").asText()).isIn("PASS", "WARN", "FAIL");
    }

    @Test
    void theMetricsAreGzippedWhenTheClientAcceptsGzipAndSayTheSameThing() throws Exception {
        HttpResponse<byte[]> plain = get("/api/v1/performance/metrics", false);
        HttpResponse<byte[]> zipped = get("/api/v1/performance/metrics", true);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(zipped.body().length).isLessThan(plain.body().length);
        assertThat(JSON.readTree(gunzip(zipped.body()))).isEqualTo(JSON.readTree(plain.body()));
    }

    @Test
    void aSmallJsonAnswerIsGzippedToo() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/performance/history?step=nope", true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        byte[] body = gunzip(r.body());
        assertThat(body.length).isLessThan(1500);
        assertThat(JSON.readTree(body).get("parameter").asText()).isEqualTo("step");
    }

    @Test
    void theHistoryHoldsTheSamplesTakenByIsoOrEpochBounds() throws Exception {
        Instant now = Instant.now();
        long from = now.minus(Duration.ofMinutes(5)).toEpochMilli();
        JsonNode h = JSON.readTree(get("/api/v1/performance/history?from=" + from + "&to=" + now.plusSeconds(60) + "&step=1s", false).body());
        assertThat(h.get("stepSeconds").asLong()).isEqualTo(1);
        List<String> metrics = h.get("series").findValuesAsText("metric");
        assertThat(metrics).contains("throughput.events_per_s", "stage.solana.store.p99_ms", "memory.bytes", "coverage.slots");
        for (JsonNode s : h.get("series")) {
            if (s.get("metric").asText().equals("memory.bytes")) {
                assertThat(s.get("points")).hasSize(2); // both samples, a second or more apart
                assertThat(s.get("points").get(0).get("mean").asDouble()).isPositive();
            }
        }
        JsonNode defaults = JSON.readTree(get("/api/v1/performance/history", false).body());
        assertThat(defaults.get("stepSeconds").asLong()).isEqualTo(12); // an hour in about 300 steps
    }

    @Test
    void badHistoryParametersAnswer400NamingTheParameter() throws Exception {
        assertBad("/api/v1/performance/history?from=yesterday", "from");
        assertBad("/api/v1/performance/history?to=2026-13-01T00:00:00Z", "to");
        assertBad("/api/v1/performance/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from");
        assertBad("/api/v1/performance/history?step=0", "step");
        assertBad("/api/v1/performance/history?step=5x", "step");
        assertBad("/api/v1/performance/history?from=0&to=2000000000000&step=1s", "step");
    }

    private static void assertBad(String path, String parameter) throws Exception {
        HttpResponse<byte[]> r = get(path, false);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(body.get("error").asText()).startsWith(parameter + ":");
    }

    @Test
    void prometheusTextStaysAtSlashMetricsWithTheStageHistograms() throws Exception {
        HttpResponse<byte[]> r = get("/metrics", false);
        String text = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text).contains("chainwatch_stage_latency_seconds_bucket{chain=\"solana\"");
    }
}
