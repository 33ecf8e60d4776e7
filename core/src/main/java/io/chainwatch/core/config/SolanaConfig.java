package io.chainwatch.core.config;

import java.util.List;

/**
 * Solana ingestion. Absent or without endpoints: Solana is not followed.
 *
 * @param programs                  program ids (base58) whose activity is watched
 * @param grpcFailover              whether a failed gRPC stream moves to the next gRPC endpoint (else to WebSocket)
 * @param grpcHealthCheckIntervalMs how often gRPC endpoints are pinged and scored
 * @param maxResponseBytes          largest answer or message taken from an endpoint
 */
public record SolanaConfig(List<SolanaEndpointConfig> endpoints, PerformanceProfile profile, CommitmentStrategy strategy,
                           SlotRecoveryConfig recovery, boolean grpcFailover, long grpcHealthCheckIntervalMs,
                           List<String> programs, int maxResponseBytes, SolanaAccountsConfig accounts) {
    public static final String PUMP_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
    public static final String PUMP_AMM_PROGRAM = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";

    public SolanaConfig {
        endpoints = List.copyOf(endpoints);
        programs = List.copyOf(programs);
        java.util.Objects.requireNonNull(accounts, "accounts");
    }

    public boolean enabled() {
        return !endpoints.isEmpty();
    }

    public List<SolanaEndpointConfig> endpoints(SolanaEndpointKind kind) {
        return endpoints.stream().filter(e -> e.kind() == kind).toList();
    }
}
