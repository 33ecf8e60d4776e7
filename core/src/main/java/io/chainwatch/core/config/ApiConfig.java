package io.chainwatch.core.config;

/** The HTTP API. {@code port} 0 picks a free port (tests). */
public record ApiConfig(String host, int port) {
}
