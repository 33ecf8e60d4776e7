package io.chainwatch.core.config;

/**
 * One Solana endpoint. {@code token} (Yellowstone's {@code x-token}, or a provider key) is a secret:
 * it never appears in {@link #toString()}, logs or API answers.
 */
public record SolanaEndpointConfig(SolanaEndpointKind kind, EndpointConfig endpoint, String token) {
    public boolean hasToken() {
        return token != null && !token.isEmpty();
    }

    @Override
    public String toString() {
        return "SolanaEndpointConfig[" + kind + ", " + endpoint + (hasToken() ? ", token=***" : "") + "]";
    }
}
