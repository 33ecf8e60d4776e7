package io.chainwatch.market.pump;

/** The side of a trade, as the user sees it: a buy takes tokens out of the curve, a sell puts them in. */
public enum TradeSide {
    BUY,
    SELL
}
