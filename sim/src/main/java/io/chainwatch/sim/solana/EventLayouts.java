package io.chainwatch.sim.solana;

/** Which lengths the simulator writes pump's events in. */
public enum EventLayouts {
    /** The lengths mainnet logs today: TradeEvent 266/267, CreateEvent through is_mayhem_mode, CompleteEvent 144, migration 200. */
    MAINNET,
    /**
     * Every length seen on mainnet, and the IDL's full layout, chosen at random per event: TradeEvent
     * 129, 258, 266/267 or full; CreateEvent through user, through is_mayhem_mode, or full;
     * CompleteEvent 112 or 144; migration 168 or 200.
     */
    MIXED
}
