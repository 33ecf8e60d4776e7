package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.math.BigDecimal;

/** One entry of a transaction's pre- or post-token balances. */
public record TokenBalance(int accountIndex, Pubkey mint, Pubkey owner, Pubkey programId, long amount, int decimals) {

    /** The amount in whole tokens as a node writes {@code uiAmountString}: exact, no trailing zeros ({@code "1234.5"}). */
    public String uiAmountString() {
        return BigDecimal.valueOf(amount, decimals).stripTrailingZeros().toPlainString();
    }
}
