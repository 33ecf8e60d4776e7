package io.chainwatch.risk;

/** What trading may do now. */
public enum TradingState {
    /** Any trade within the limits. */
    ACTIVE,
    /** Only trades that reduce risk (close or shrink what is open): a daily loss limit was reached. */
    REDUCING,
    /** Nothing: an emergency stop, or a pause after a run of losses. */
    HALTED
}
