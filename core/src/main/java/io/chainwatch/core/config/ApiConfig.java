package io.chainwatch.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API. {@code port} 0 picks a free port (tests).
 *
 * @param token the bearer token the mutating endpoints (emergency stop, reset) ask for; empty when none
 *              is configured, and then they refuse every request. Never printed.
 */
public record ApiConfig(String host, int port, Optional<ApiToken> token) {
    public ApiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "ApiConfig[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "***" : "none") + "]";
    }
}
