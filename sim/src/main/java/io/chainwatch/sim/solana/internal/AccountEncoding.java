package io.chainwatch.sim.solana.internal;

/** How account data is written in answers and notifications. */
public enum AccountEncoding {
    /** getAccountInfo's default ("binary"): data as a bare base58 string, for at most 128 bytes. */
    LEGACY_BINARY,
    /** {@code ["<base58>", "base58"]}, at most 128 bytes. */
    BASE58,
    /** {@code ["<base64>", "base64"]}. */
    BASE64,
    /** jsonParsed: pump's accounts have no parser on a node, so they fall back to base64 as a node does. */
    JSON_PARSED;

    /** Largest data a base58 encoding may carry. */
    public static final int MAX_BASE58_BYTES = 128;
}
