package io.chainwatch.api;

import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.HealthSnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of one endpoint in /api/v1/performance/endpoints, the same for every chain. The URL is the
 * endpoint's redacted display URL: API keys in a URL never leave the process.
 */
final class EndpointJson {
    private EndpointJson() {
    }

    /** @param transport {@code http} or {@code websocket}: how chainwatch talks to this endpoint */
    static Map<String, Object> of(String chain, String transport, Endpoint e) {
        HealthSnapshot h = e.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", chain);
        m.put("id", h.id());
        m.put("url", h.url());
        m.put("transport", transport);
        m.put("region", h.region());
        m.put("priority", h.priority());
        m.put("state", h.state());
        m.put("usable", e.usable());
        m.put("score", round(h.score()));
        m.put("scoreParts", Map.of("latency", round(h.latencyPart()), "errors", round(h.errorPart()),
                "headLag", round(h.lagPart()), "throttling", round(h.throttlePart())));
        // Null (no sample in the window yet, or none for a while) is a valid answer; Map.of refuses it.
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("ewma", nan(h.latencyEwmaMs()));
        latency.put("p50", nan(h.p50Ms()));
        latency.put("p99", nan(h.p99Ms()));
        m.put("latencyMs", latency);
        m.put("errorRate", round(h.errorRate()));
        m.put("requests", h.requests());
        m.put("head", h.head());
        m.put("headLag", h.headLag());
        m.put("breaker", h.breakerState());
        m.put("lastFailure", h.lastFailure());
        return m;
    }

    static Object nan(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
