package io.chainwatch.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class TracingConfigTest {
    private static ChainwatchConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml, "test");
    }

    @Test
    void tracingIsOffWithoutASection() {
        assertThat(parse("", Map.of()).tracing()).isEqualTo(TracingConfig.OFF);
        assertThat(TracingConfig.OFF.enabled()).isFalse();
    }

    @Test
    void theSectionIsReadAndACollectorBaseUrlGetsTheTracesPath() {
        TracingConfig t = parse("""
                tracing: { enabled: true, otlpEndpoint: "http://collector:4318", serviceName: chainwatch-eu, sampleRatio: 0.25 }
                """, Map.of()).tracing();
        assertThat(t.enabled()).isTrue();
        assertThat(t.otlpEndpoint()).hasToString("http://collector:4318/v1/traces");
        assertThat(t.serviceName()).isEqualTo("chainwatch-eu");
        assertThat(t.sampleRatio()).isEqualTo(0.25);
        TracingConfig withPath = parse("tracing: { otlpEndpoint: \"https://otel.example/custom/traces\" }", Map.of()).tracing();
        assertThat(withPath.otlpEndpoint()).hasToString("https://otel.example/custom/traces");
    }

    @Test
    void environmentVariablesSetEveryTracingKey() {
        TracingConfig t = parse("", Map.of("CHAINWATCH_TRACING_ENABLED", "true", "CHAINWATCH_TRACING_OTLPENDPOINT", "http://127.0.0.1:4318",
                "CHAINWATCH_TRACING_SERVICENAME", "cw", "CHAINWATCH_TRACING_SAMPLERATIO", "0.5")).tracing();
        assertThat(t).isEqualTo(new TracingConfig(true, java.net.URI.create("http://127.0.0.1:4318/v1/traces"), "cw", 0.5));
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("tracing: { sampleRatio: 2 }", Map.of())).hasMessageContaining("tracing.sampleRatio")
                .hasMessageContaining("allowed 0.0 to 1.0");
        assertThatThrownBy(() -> parse("tracing: { otlpEndpoint: \"grpc://x:4317\" }", Map.of())).hasMessageContaining("tracing.otlpEndpoint")
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> parse("tracing: { exporter: zipkin }", Map.of())).hasMessageContaining("tracing.exporter: unknown key");
    }

    @Test
    void aKeyInTheCollectorUrlIsNeverPrinted() {
        TracingConfig t = parse("tracing: { otlpEndpoint: \"https://otel.example/v1/traces?api_key=s3cr3t-value\" }", Map.of()).tracing();
        assertThat(t.toString()).doesNotContain("s3cr3t-value");
        assertThatThrownBy(() -> parse("tracing: { otlpEndpoint: \"ftp://otel.example/?api_key=s3cr3t-value\" }", Map.of()))
                .message().doesNotContain("s3cr3t-value");
    }

    @Test
    void theReadmeTracingExampleReadsAsItSays() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n  tracing:");
        assertThat(start).as("the tracing example in README.md").isPositive();
        String block = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
        TracingConfig t = parse(block.stripIndent(), Map.of()).tracing();
        assertThat(t).isEqualTo(new TracingConfig(true, java.net.URI.create("http://localhost:4318/v1/traces"), "chainwatch", 1.0));
    }

    @Test
    void theLogFormatVariablesAreLogbacksNotConfigurationKeys() {
        assertThat(parse("", Map.of("CHAINWATCH_LOG_FORMAT", "json", "CHAINWATCH_LOG_LEVEL", "DEBUG")).tracing()).isEqualTo(TracingConfig.OFF);
    }
}
