package io.chainwatch.core.config;

import java.util.Locale;

/** Solana commitment levels, weakest first: how many validators have voted for a slot. */
public enum Commitment {
    PROCESSED, CONFIRMED, FINALIZED;

    /** The name Solana's RPC uses: {@code processed}, {@code confirmed}, {@code finalized}. */
    public String rpcName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Commitment other) {
        return compareTo(other) >= 0;
    }

    static Commitment parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
