package io.chainwatch.solana.tx;

/** The message formats Solana accepts: legacy, and v0 (address lookup tables). */
public enum TransactionVersion {
    LEGACY,
    V0
}
