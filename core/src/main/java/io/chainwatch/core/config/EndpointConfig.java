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

    /**
     * The URL for JSON-RPC requests over HTTP. A WebSocket endpoint is asked over HTTP at the same
     * host, port and path (ws to http, wss to https), as nodes and most providers serve both there.
     */
    public URI httpUrl() {
        if (!isWebSocket()) {
            return url;
        }
        return URI.create(("wss".equals(url.getScheme()) ? "https" : "http") + url.toString().substring(url.getScheme().length()));
    }

    public String redactedUrl() {
        return Redact.url(url.toString());
    }

    @Override
    public String toString() {
        return "EndpointConfig[" + redactedUrl() + ", region=" + region + ", priority=" + priority + "]";
    }
}
