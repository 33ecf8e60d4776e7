package io.chainwatch.core.config;

/**
 * How the Solana feed follows account state beside the events (the {@code solana.accounts} section).
 * pump's Global account is always read at start (getAccountInfo), and a curve the events leave
 * without reserves is read with getMultipleAccounts; these settings add the heavier sources.
 *
 * @param subscribe           follow every BondingCurve (programSubscribe) and the Global account
 *                            (accountSubscribe) over WebSocket: as many updates as trades
 * @param reconcileIntervalMs how often to list the curves still open on chain (getProgramAccounts,
 *                            with no data) and read those whose state disagrees with the book; 0 for never
 */
public record SolanaAccountsConfig(boolean subscribe, long reconcileIntervalMs) {
    public static final SolanaAccountsConfig DEFAULT = new SolanaAccountsConfig(false, 0);

    public SolanaAccountsConfig {
        if (reconcileIntervalMs < 0) {
            throw new IllegalArgumentException("reconcileIntervalMs: must be >= 0, got " + reconcileIntervalMs);
        }
    }
}
