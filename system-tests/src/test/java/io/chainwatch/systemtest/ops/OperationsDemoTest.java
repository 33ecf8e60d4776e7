package io.chainwatch.systemtest.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.chainwatch.systemtest.evm.ChildChainwatch;
import io.chainwatch.systemtest.evm.LoopbackPorts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chainwatch demo} run as the launcher runs it (its own JVM, G1), with JSON logs and tracing on:
 * its live /metrics passes {@code promtool check metrics} and has every metric the shipped Grafana
 * dashboard and alert rules use; its spans reach an OTLP/HTTP receiver; every log line is JSON; the
 * secrets it was given appear nowhere in its output.
 *
 * <p>The OTLP receiver is a stand-in for an OpenTelemetry collector (none is installed here): a local
 * HTTP server that takes the exporter's POSTs and decodes them with OTLP's protobuf messages.
 */
@Timeout(240)
class OperationsDemoTest {
    private static final String TOKEN = "demo-token-" + "0123456789abcdef";
    private static final String COLLECTOR_KEY = "collector-key-" + "fedcba9876543210";
    private static final Pattern METRIC = Pattern.compile("\\b(?:chainwatch|jvm|process|system)_[a-z0-9_]+");

    @TempDir
    Path dir;

    @Test
    void theDemoExportsWhatTheDeployFilesUseAndTracesAndLogsAsConfigured() throws Exception {
        // PostgreSQL runs as nobody when the tests run as root: it must pass through the temp folder.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        List<byte[]> posts = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            posts.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        receiver.start();
        int port = LoopbackPorts.unused();
        Path log = dir.resolve("demo.log");
        Process demo = startDemo(port, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces?api_key=" + COLLECTOR_KEY, log);
        try (HttpClient http = HttpClient.newHttpClient()) {
            try {
                Awaitility.await("the demo's /metrics").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> !demo.isAlive() || get(http, port, "/metrics").statusCode() == 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the demo did not serve /metrics in 150 s; its log ends:\n" + tail(log), e);
            }
            assertThat(demo.isAlive()).as("the demo ended before it served /metrics (exit code %s); its log ends:\n%s",
                    demo.isAlive() ? "none" : demo.exitValue(), tail(log)).isTrue();

            Set<String> used = usedMetricNames();
            assertThat(used).hasSizeGreaterThan(30);
            Awaitility.await("every metric the dashboard and rules use").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(seriesNames(get(http, port, "/metrics").body())).containsAll(used));

            String scrape = get(http, port, "/metrics").body();
            Promtool.Result check = Promtool.run(dir, scrape, "check", "metrics");
            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(check.output()).as("promtool's complaints").isBlank();

            Awaitility.await("a traced block and slot").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertTraced(spans(posts)));
            assertThat(contentTypes).allMatch("application/x-protobuf"::equals);
        } finally {
            demo.destroy(); // SIGTERM: the shutdown hook closes chainwatch
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
            receiver.stop(0);
        }
        String written = Files.readString(log);
        assertLogLinesAreJson(written);
        // SIGTERM closes chainwatch in order: the feeds' and the alert history's last writes go in before the embedded
        // server stops. (Its own exit hook stopped it at once, beside chainwatch's: the Solana feed's last commit then
        // failed, was retried for 10 s and given up, and the alert history's last write failed.)
        assertThat(written).as("the demo's log at exit")
                .doesNotContain("store writer stopped before")
                .doesNotContain("solana store write failed")
                .doesNotContain("alert history: a write failed")
                .contains("stopped");
    }

    /** The last lines of the demo's log, for a failure's message. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private Process startDemo(int port, String otlpEndpoint, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseG1GC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-jar",
                ChildChainwatch.jar().toString(), "demo", "--port", Integer.toString(port), "--data-dir", dir.resolve("demo").toString(),
                "--duration", "180").redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CHAINWATCH_") || k.equals("API_PORT") || k.equals("DATABASE_URL"));
        // The README's Operations section: JSON lines, tracing to a collector, the API token from the environment.
        env.put("CHAINWATCH_LOG_FORMAT", "json");
        env.put("CHAINWATCH_TRACING_ENABLED", "true");
        env.put("CHAINWATCH_TRACING_OTLPENDPOINT", otlpEndpoint);
        env.put("CHAINWATCH_TRACING_SERVICENAME", "chainwatch-demo");
        env.put("CHAINWATCH_API_TOKEN", TOKEN);
        return pb.start();
    }

    /** The metric names deploy/'s Grafana dashboard and Prometheus rules use. */
    private static Set<String> usedMetricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path f : List.of(Promtool.deploy().resolve("grafana/chainwatch.json"), Promtool.deploy().resolve("prometheus/chainwatch-rules.yml"))) {
            Matcher m = METRIC.matcher(Files.readString(f));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<Span> spans(List<byte[]> posts) throws IOException {
        List<Span> out = new ArrayList<>();
        for (byte[] body : posts) {
            ExportTraceServiceRequest.parseFrom(body).getResourceSpansList().forEach(r -> r.getScopeSpansList()
                    .forEach(s -> out.addAll(s.getSpansList())));
        }
        return out;
    }

    /** An EVM block with its decode, store and decision stages, and a Solana slot with settle and store. */
    private static void assertTraced(List<Span> spans) {
        assertThat(spans.stream().filter(s -> s.getName().equals("evm.block")).anyMatch(b -> childrenOf(spans, b).containsAll(
                Set.of("decode", "store", "decision")))).as("an evm.block span with decode, store and decision children").isTrue();
        assertThat(spans.stream().filter(s -> s.getName().equals("solana.slot")).anyMatch(b -> childrenOf(spans, b).containsAll(
                Set.of("settle", "store")))).as("a solana.slot span with settle and store children").isTrue();
        Span block = spans.stream().filter(s -> s.getName().equals("evm.block")).findFirst().orElseThrow();
        assertThat(block.getAttributesList()).extracting(kv -> kv.getKey()).contains("chain", "block.number", "hash");
    }

    private static Set<String> childrenOf(List<Span> spans, Span parent) {
        Set<String> names = new TreeSet<>();
        for (Span s : spans) {
            if (s.getParentSpanId().equals(parent.getSpanId()) && s.getTraceId().equals(parent.getTraceId())) {
                names.add(s.getName());
            }
        }
        return names;
    }

    /** Every line chainwatch logged, and every alert it printed, is one JSON object; the banner (stdout) and the JVM's own warnings are not logs. */
    private static void assertLogLinesAreJson(String output) throws IOException {
        assertThat(output).doesNotContain(TOKEN).doesNotContain(COLLECTOR_KEY);
        ObjectMapper json = new ObjectMapper();
        int logged = 0;
        boolean started = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode l = json.readTree(line);
                if (l.has("fingerprint")) { // the console alert channel follows the logs' format
                    assertThat(l.has("status") && l.has("severity") && l.has("name") && l.has("labels")).as(line).isTrue();
                    continue;
                }
                assertThat(l.has("level") && l.has("loggerName") && l.has("formattedMessage")).as(line).isTrue();
                started |= l.path("formattedMessage").asText().contains("traces to http://127.0.0.1:");
                logged++;
            } else {
                assertThat(line.isBlank() || line.startsWith("WARNING: ") || line.startsWith("  ") || line.startsWith("chainwatch demo is running")
                        || line.startsWith("and a simulated") || line.startsWith("EVM endpoint 2")).as("not a JSON log line: %s", line).isTrue();
            }
        }
        assertThat(logged).isPositive();
        assertThat(started).as("the start line names where traces go (its key redacted)").isTrue();
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
