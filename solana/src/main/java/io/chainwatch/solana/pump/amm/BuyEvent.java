package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.Int128;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * PumpSwap's {@code BuyEvent}: a buy of base tokens from a PumpSwap pool.
 *
 * <p>The oldest layout ends after {@code protocol_fee_recipient_token_account} (312 bytes with the
 * discriminator); later ones append the coin-creator fee, volume tracking, {@code ix_name} ("buy" or
 * "buy_exact_quote_in") and more, in IDL order. Amounts are unsigned u64 in a long.
 *
 * <p>Event discriminator {@code 67f4521f2cf57777}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (20 to 39), and {@link #fields()} shows only those.
 */
public record BuyEvent(
        long timestamp,
        long baseAmountOut,
        long maxQuoteAmountIn,
        long userBaseTokenReserves,
        long userQuoteTokenReserves,
        long poolBaseTokenReserves,
        long poolQuoteTokenReserves,
        long quoteAmountIn,
        long lpFeeBasisPoints,
        long lpFee,
        long protocolFeeBasisPoints,
        long protocolFee,
        long quoteAmountInWithLpFee,
        long userQuoteAmountIn,
        PublicKey pool,
        PublicKey user,
        PublicKey userBaseTokenAccount,
        PublicKey userQuoteTokenAccount,
        PublicKey protocolFeeRecipient,
        PublicKey protocolFeeRecipientTokenAccount,
        PublicKey coinCreator,
        long coinCreatorFeeBasisPoints,
        long coinCreatorFee,
        boolean trackVolume,
        long totalUnclaimedTokens,
        long totalClaimedTokens,
        long currentSolVolume,
        long lastUpdateTimestamp,
        long minBaseAmountOut,
        String ixName,
        long cashbackFeeBasisPoints,
        long cashback,
        long buybackFeeBasisPoints,
        long buybackFee,
        Int128 virtualQuoteReserves,
        boolean canBoost,
        long baseSupply,
        long holderRewardsBps,
        long holderRewards,
        int fieldsPresent) implements PumpAmmEvent {
    public static final long DISCRIMINATOR = 0x7777f52c1f52f467L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("timestamp", "base_amount_out", "max_quote_amount_in", "user_base_token_reserves",
            "user_quote_token_reserves", "pool_base_token_reserves", "pool_quote_token_reserves",
            "quote_amount_in", "lp_fee_basis_points", "lp_fee", "protocol_fee_basis_points", "protocol_fee",
            "quote_amount_in_with_lp_fee", "user_quote_amount_in", "pool", "user", "user_base_token_account",
            "user_quote_token_account", "protocol_fee_recipient", "protocol_fee_recipient_token_account",
            "coin_creator", "coin_creator_fee_basis_points", "coin_creator_fee", "track_volume",
            "total_unclaimed_tokens", "total_claimed_tokens", "current_sol_volume", "last_update_timestamp",
            "min_base_amount_out", "ix_name", "cashback_fee_basis_points", "cashback",
            "buyback_fee_basis_points", "buyback_fee", "virtual_quote_reserves", "can_boost", "base_supply",
            "holder_rewards_bps", "holder_rewards");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 20;
    private static final String[] IX_NAMES = {"buy", "buy_exact_quote_in"};

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static BuyEvent read(BorshReader r) {
        long timestamp = r.i64();
        long baseAmountOut = r.u64();
        long maxQuoteAmountIn = r.u64();
        long userBaseTokenReserves = r.u64();
        long userQuoteTokenReserves = r.u64();
        long poolBaseTokenReserves = r.u64();
        long poolQuoteTokenReserves = r.u64();
        long quoteAmountIn = r.u64();
        long lpFeeBasisPoints = r.u64();
        long lpFee = r.u64();
        long protocolFeeBasisPoints = r.u64();
        long protocolFee = r.u64();
        long quoteAmountInWithLpFee = r.u64();
        long userQuoteAmountIn = r.u64();
        PublicKey pool = r.pubkey();
        PublicKey user = r.pubkey();
        PublicKey userBaseTokenAccount = r.pubkey();
        PublicKey userQuoteTokenAccount = r.pubkey();
        PublicKey protocolFeeRecipient = r.pubkey();
        PublicKey protocolFeeRecipientTokenAccount = r.pubkey();
        r.tolerateEnd();
        PublicKey coinCreator = r.pubkey();
        long coinCreatorFeeBasisPoints = r.u64();
        long coinCreatorFee = r.u64();
        boolean trackVolume = r.bool();
        long totalUnclaimedTokens = r.u64();
        long totalClaimedTokens = r.u64();
        long currentSolVolume = r.u64();
        long lastUpdateTimestamp = r.i64();
        long minBaseAmountOut = r.u64();
        String ixName = r.string(IX_NAMES);
        long cashbackFeeBasisPoints = r.u64();
        long cashback = r.u64();
        long buybackFeeBasisPoints = r.u64();
        long buybackFee = r.u64();
        Int128 virtualQuoteReserves = r.i128();
        boolean canBoost = r.bool();
        long baseSupply = r.u64();
        long holderRewardsBps = r.u64();
        long holderRewards = r.u64();
        return new BuyEvent(timestamp, baseAmountOut, maxQuoteAmountIn, userBaseTokenReserves, userQuoteTokenReserves,
                poolBaseTokenReserves, poolQuoteTokenReserves, quoteAmountIn, lpFeeBasisPoints, lpFee, protocolFeeBasisPoints,
                protocolFee, quoteAmountInWithLpFee, userQuoteAmountIn, pool, user, userBaseTokenAccount,
                userQuoteTokenAccount, protocolFeeRecipient, protocolFeeRecipientTokenAccount, coinCreator,
                coinCreatorFeeBasisPoints, coinCreatorFee, trackVolume, totalUnclaimedTokens, totalClaimedTokens,
                currentSolVolume, lastUpdateTimestamp, minBaseAmountOut, ixName, cashbackFeeBasisPoints, cashback,
                buybackFeeBasisPoints, buybackFee, virtualQuoteReserves, canBoost, baseSupply, holderRewardsBps,
                holderRewards, r.fieldsRead());
    }

    /** True when the bytes held IDL field {@code idlName}. */
    public boolean has(String idlName) {
        int i = IDL_FIELDS.indexOf(idlName);
        return i >= 0 && i < fieldsPresent;
    }

    @Override
    public String programName() {
        return PumpAmmProgram.NAME;
    }

    @Override
    public String typeName() {
        return "BuyEvent";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.i64("timestamp", timestamp)
                .u64("base_amount_out", baseAmountOut)
                .u64("max_quote_amount_in", maxQuoteAmountIn)
                .u64("user_base_token_reserves", userBaseTokenReserves)
                .u64("user_quote_token_reserves", userQuoteTokenReserves)
                .u64("pool_base_token_reserves", poolBaseTokenReserves)
                .u64("pool_quote_token_reserves", poolQuoteTokenReserves)
                .u64("quote_amount_in", quoteAmountIn)
                .u64("lp_fee_basis_points", lpFeeBasisPoints)
                .u64("lp_fee", lpFee)
                .u64("protocol_fee_basis_points", protocolFeeBasisPoints)
                .u64("protocol_fee", protocolFee)
                .u64("quote_amount_in_with_lp_fee", quoteAmountInWithLpFee)
                .u64("user_quote_amount_in", userQuoteAmountIn)
                .pubkey("pool", pool)
                .pubkey("user", user)
                .pubkey("user_base_token_account", userBaseTokenAccount)
                .pubkey("user_quote_token_account", userQuoteTokenAccount)
                .pubkey("protocol_fee_recipient", protocolFeeRecipient)
                .pubkey("protocol_fee_recipient_token_account", protocolFeeRecipientTokenAccount)
                .pubkey("coin_creator", coinCreator)
                .u64("coin_creator_fee_basis_points", coinCreatorFeeBasisPoints)
                .u64("coin_creator_fee", coinCreatorFee)
                .bool("track_volume", trackVolume)
                .u64("total_unclaimed_tokens", totalUnclaimedTokens)
                .u64("total_claimed_tokens", totalClaimedTokens)
                .u64("current_sol_volume", currentSolVolume)
                .i64("last_update_timestamp", lastUpdateTimestamp)
                .u64("min_base_amount_out", minBaseAmountOut)
                .string("ix_name", ixName)
                .u64("cashback_fee_basis_points", cashbackFeeBasisPoints)
                .u64("cashback", cashback)
                .u64("buyback_fee_basis_points", buybackFeeBasisPoints)
                .u64("buyback_fee", buybackFee)
                .i128("virtual_quote_reserves", virtualQuoteReserves)
                .bool("can_boost", canBoost)
                .u64("base_supply", baseSupply)
                .u64("holder_rewards_bps", holderRewardsBps)
                .u64("holder_rewards", holderRewards);
    }
}
