package io.chainwatch.core.config;

import java.net.URI;

/**
 * One node endpoint. The URL may carry an API key; print it only through {@link #redactedUrl()}.
 *
 * @param requestsPerSecond rate limit for this endpoint
 * @param timeoutMs         per-request timeout
 */
public record EndpointConfig(URI url, String region, int priority, double requestsPerSecond, long timeoutMs) {
    public boolean isWebSocket() {
        String scheme = url.getScheme();
        return "ws".equals(scheme) || "wss".equals(scheme);
    }

    public String redactedUrl() {
        return Redact.url(url.toString());
    }

    @Override
    public String toString() {
        return "EndpointConfig[" + redactedUrl() + ", region=" + region + ", priority=" + priority + "]";
    }
}
