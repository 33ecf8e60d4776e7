package io.chainwatch.market.pump;

/**
 * The latest trade on a curve, in chain order.
 *
 * @param timestamp   the TradeEvent's Unix seconds
 * @param solLamports the trade's {@code sol_amount}: lamports into or out of the curve, before fees
 * @param tokenAmount tokens bought or sold, base units
 */
public record LastTrade(TxSignature signature, long slot, long timestamp, TradeSide side, long solLamports, long tokenAmount) {
}
