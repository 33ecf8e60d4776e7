package io.chainwatch.core.config;

import java.util.Locale;

/**
 * FIXED stays at the profile's commitment; ADAPTIVE moves between levels by measured latency,
 * throughput and endpoint health, and falls back to a safer level when the network is unstable.
 */
public enum CommitmentStrategy {
    FIXED, ADAPTIVE;

    static CommitmentStrategy parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
