package io.chainwatch.sim.solana;

import java.util.Locale;

/** Solana's commitment levels, weakest first. */
public enum Commitment {
    PROCESSED, CONFIRMED, FINALIZED;

    /** The name on the wire: {@code processed}, {@code confirmed}, {@code finalized}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
