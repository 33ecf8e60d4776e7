package io.chainwatch.core.config;

import java.net.URI;
import java.util.Objects;

/**
 * OpenTelemetry tracing: a span per block or slot, exported over OTLP/HTTP (protobuf). Off by default.
 *
 * @param otlpEndpoint where spans are POSTed: the collector's traces URL ({@code http://host:4318/v1/traces})
 * @param sampleRatio  the share of blocks and slots traced, 0 to 1
 */
public record TracingConfig(boolean enabled, URI otlpEndpoint, String serviceName, double sampleRatio) {
    public static final TracingConfig OFF = new TracingConfig(false, URI.create("http://localhost:4318/v1/traces"), "chainwatch", 1.0);

    public TracingConfig {
        Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
        Objects.requireNonNull(serviceName, "serviceName");
    }

    /** The endpoint as it may be printed: a collector URL may carry a key. */
    public String redactedEndpoint() {
        return Redact.url(otlpEndpoint.toString());
    }

    @Override
    public String toString() {
        return "TracingConfig[enabled=" + enabled + ", otlpEndpoint=" + redactedEndpoint() + ", serviceName=" + serviceName
                + ", sampleRatio=" + sampleRatio + "]";
    }
}
