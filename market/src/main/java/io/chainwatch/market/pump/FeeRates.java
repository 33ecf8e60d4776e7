package io.chainwatch.market.pump;

/**
 * The fee rates one pump trade pays, in basis points of its SOL amount: the protocol's and the coin
 * creator's. A TradeEvent reports both ({@code fee_basis_points}, {@code creator_fee_basis_points}).
 *
 * <p>pump charges by market-cap tier from the fee program's FeeConfig, not the Global account's
 * {@code fee_basis_points} / {@code creator_fee_basis_points} (pump's SDK reads Global only when there
 * is no FeeConfig): the real trade in the fixtures paid 95 + 30 bps while Global says 95 + 5.
 */
public record FeeRates(int protocolFeeBps, int creatorFeeBps) {
    public static final int BPS_DENOMINATOR = 10_000;
    /** What mainnet charged in the fixtures' real trade (February 2026): 95 bps protocol, 30 bps creator. */
    public static final FeeRates MAINNET_OBSERVED = new FeeRates(95, 30);

    public FeeRates {
        if (protocolFeeBps < 0 || protocolFeeBps > BPS_DENOMINATOR) {
            throw new IllegalArgumentException("protocolFeeBps: must be 0 to 10000, got " + protocolFeeBps);
        }
        if (creatorFeeBps < 0 || creatorFeeBps > BPS_DENOMINATOR) {
            throw new IllegalArgumentException("creatorFeeBps: must be 0 to 10000, got " + creatorFeeBps);
        }
    }

    public int totalBps() {
        return protocolFeeBps + creatorFeeBps;
    }

    /** The rates a curve without a creator pays: pump charges the creator fee only when the curve has one. */
    public FeeRates withoutCreatorFee() {
        return creatorFeeBps == 0 ? this : new FeeRates(protocolFeeBps, 0);
    }
}
