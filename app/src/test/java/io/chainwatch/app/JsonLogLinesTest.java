package io.chainwatch.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.ApiToken;
import io.chainwatch.core.config.Redact;
import io.chainwatch.core.trace.BlockTrace;
import io.chainwatch.core.trace.TraceStage;
import io.chainwatch.tracing.OtlpPipelineTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped logback.xml with {@code CHAINWATCH_LOG_FORMAT=json} (given as the system property of
 * that name, which logback reads before the environment): one JSON object per line, the current
 * stage's trace and span ids in it, secrets still redacted.
 */
@Timeout(30)
class JsonLogLinesTest {
    private static final String SECRET = "SECRETVALUE0123456789";
    private final PrintStream stderr = System.err;

    @AfterEach
    void restoreLogging() throws Exception {
        System.setErr(stderr);
        System.clearProperty(LogFormat.NAME);
        configure();
    }

    @Test
    void aLineLoggedInsideAStageCarriesItsTraceAndSpanIdsAndNoSecret() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty(LogFormat.NAME, "json");
        configure();
        Logger log = LoggerFactory.getLogger("io.chainwatch.test");
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OtlpPipelineTracer tracer = new OtlpPipelineTracer("cw-test", 1.0, SimpleSpanProcessor.create(spans));
        BlockTrace block = tracer.block("mainnet", 5, "0x05");
        TraceStage store = block.stage("store");
        log.warn("endpoint {} failed, token {}", Redact.url("https://rpc.example/v3/" + SECRET + "?key=" + SECRET), ApiToken.of(SECRET));
        store.close();
        block.end();
        log.info("outside any stage");
        SpanData storeSpan = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("store")).findFirst().orElseThrow();
        tracer.close();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line)); // every line is one JSON object
            }
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        JsonNode inside = lines.stream().filter(l -> l.path("formattedMessage").asText().startsWith("endpoint")).findFirst().orElseThrow();
        assertThat(inside.path("level").asText()).isEqualTo("WARN");
        assertThat(inside.path("formattedMessage").asText()).contains("***");
        assertThat(inside.path("mdc").path("trace_id").asText()).isEqualTo(storeSpan.getTraceId());
        assertThat(inside.path("mdc").path("span_id").asText()).isEqualTo(storeSpan.getSpanId());
        JsonNode outside = lines.stream().filter(l -> l.path("formattedMessage").asText().equals("outside any stage")).findFirst().orElseThrow();
        assertThat(outside.path("mdc").has("trace_id")).isFalse();
    }

    private static void configure() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        joran.doConfigure(JsonLogLinesTest.class.getResource("/logback.xml"));
    }
}
