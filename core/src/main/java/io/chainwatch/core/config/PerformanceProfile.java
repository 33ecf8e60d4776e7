package io.chainwatch.core.config;

import java.util.Locale;

/**
 * How hard Solana ingestion pushes its providers, and at which commitment it starts.
 *
 * @param commitment        level subscriptions and reads start at
 * @param recoveryBatchSlots slots per recovery batch (getBlocks range, then getBlock each)
 * @param requestsPerSecond  request rate per RPC endpoint, unless the endpoint sets its own
 */
public enum PerformanceProfile {
    AGGRESSIVE(Commitment.PROCESSED, 200, 100),
    BALANCED(Commitment.CONFIRMED, 100, 50),
    CONSERVATIVE(Commitment.FINALIZED, 50, 20);

    private final Commitment commitment;
    private final int recoveryBatchSlots;
    private final double requestsPerSecond;

    PerformanceProfile(Commitment commitment, int recoveryBatchSlots, double requestsPerSecond) {
        this.commitment = commitment;
        this.recoveryBatchSlots = recoveryBatchSlots;
        this.requestsPerSecond = requestsPerSecond;
    }

    public Commitment commitment() {
        return commitment;
    }

    public int recoveryBatchSlots() {
        return recoveryBatchSlots;
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    static PerformanceProfile parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
