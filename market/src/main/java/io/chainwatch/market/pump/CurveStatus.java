package io.chainwatch.market.pump;

/**
 * Where a bonding curve is in its life. A curve only moves forward: its status is the furthest that any
 * of its applied inputs shows, so the order in which they arrive does not matter.
 */
public enum CurveStatus {
    /** A CreateEvent, or account data without real SOL reserves: nobody has bought yet. */
    CREATED,
    /** At least one trade. */
    TRADING,
    /** Real token reserves reached 0 (CompleteEvent, the account's {@code complete}, or a trade that emptied them); trading stopped. */
    COMPLETE,
    /** The liquidity moved to a PumpSwap pool (CompletePumpAmmMigrationEvent, or complete account data with zero virtual token reserves). */
    MIGRATED
}
