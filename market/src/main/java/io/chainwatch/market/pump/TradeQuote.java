package io.chainwatch.market.pump;

/**
 * What one trade on a curve would move, in the TradeEvent's terms.
 *
 * @param side                the user's side
 * @param tokenAmount         tokens bought or sold, base units ({@code token_amount})
 * @param solAmountLamports   lamports into (buy) or out of (sell) the curve, before fees ({@code sol_amount})
 * @param protocolFeeLamports the protocol fee ({@code fee})
 * @param creatorFeeLamports  the creator fee ({@code creator_fee})
 */
public record TradeQuote(TradeSide side, long tokenAmount, long solAmountLamports, long protocolFeeLamports,
                         long creatorFeeLamports) {
    public long feesLamports() {
        return protocolFeeLamports + creatorFeeLamports;
    }

    /**
     * Lamports the user pays (buy: amount plus fees) or receives (sell: amount less fees). A sell so small
     * that the rounded-up fees exceed its amount gives a negative number: the program would reject it.
     */
    public long userLamports() {
        return side == TradeSide.BUY ? solAmountLamports + feesLamports() : solAmountLamports - feesLamports();
    }
}
