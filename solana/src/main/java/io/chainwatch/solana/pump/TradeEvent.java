package io.chainwatch.solana.pump;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import io.chainwatch.solana.internal.IdlFields;

import java.util.List;
import java.util.Map;

/**
 * pump's {@code TradeEvent}: one buy or sell on a pump bonding curve.
 *
 * <p>Payloads seen on mainnet (with the 8-byte discriminator): 129 bytes (ends after
 * {@code real_token_reserves}), 258 (after {@code last_update_timestamp}), 266 and 267 (adding
 * {@code ix_name} "buy" or "sell" and {@code mayhem_mode}); the IDL's full layout appends more.
 * Amounts and reserves are unsigned u64 in a long (lamports and token base units);
 * {@code timestamp} is Unix seconds. {@code ix_name} is "buy", "sell" or "buy_exact_sol_in".
 *
 * <p>Event discriminator {@code bddb7fd34ee661ee}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (10 to 34), and {@link #fields()} shows only those.
 */
public record TradeEvent(
        PublicKey mint,
        long solAmount,
        long tokenAmount,
        boolean isBuy,
        PublicKey user,
        long timestamp,
        long virtualSolReserves,
        long virtualTokenReserves,
        long realSolReserves,
        long realTokenReserves,
        PublicKey feeRecipient,
        long feeBasisPoints,
        long fee,
        PublicKey creator,
        long creatorFeeBasisPoints,
        long creatorFee,
        boolean trackVolume,
        long totalUnclaimedTokens,
        long totalClaimedTokens,
        long currentSolVolume,
        long lastUpdateTimestamp,
        String ixName,
        boolean mayhemMode,
        long cashbackFeeBasisPoints,
        long cashback,
        long buybackFeeBasisPoints,
        long buybackFee,
        List<Shareholder> shareholders,
        PublicKey quoteMint,
        long quoteAmount,
        long virtualQuoteReserves,
        long realQuoteReserves,
        long holderRewardsBps,
        long holderRewards,
        int fieldsPresent) implements PumpEvent {
    public static final long DISCRIMINATOR = 0xee61e64ed37fdbbdL;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("mint", "sol_amount", "token_amount", "is_buy", "user", "timestamp", "virtual_sol_reserves",
            "virtual_token_reserves", "real_sol_reserves", "real_token_reserves", "fee_recipient",
            "fee_basis_points", "fee", "creator", "creator_fee_basis_points", "creator_fee", "track_volume",
            "total_unclaimed_tokens", "total_claimed_tokens", "current_sol_volume", "last_update_timestamp",
            "ix_name", "mayhem_mode", "cashback_fee_basis_points", "cashback", "buyback_fee_basis_points",
            "buyback_fee", "shareholders", "quote_mint", "quote_amount", "virtual_quote_reserves",
            "real_quote_reserves", "holder_rewards_bps", "holder_rewards");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 10;
    private static final String[] IX_NAMES = {"buy", "sell", "buy_exact_sol_in"};

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static TradeEvent read(BorshReader r) {
        PublicKey mint = r.pubkey();
        long solAmount = r.u64();
        long tokenAmount = r.u64();
        boolean isBuy = r.bool();
        PublicKey user = r.pubkey();
        long timestamp = r.i64();
        long virtualSolReserves = r.u64();
        long virtualTokenReserves = r.u64();
        long realSolReserves = r.u64();
        long realTokenReserves = r.u64();
        r.tolerateEnd();
        PublicKey feeRecipient = r.pubkey();
        long feeBasisPoints = r.u64();
        long fee = r.u64();
        PublicKey creator = r.pubkey();
        long creatorFeeBasisPoints = r.u64();
        long creatorFee = r.u64();
        boolean trackVolume = r.bool();
        long totalUnclaimedTokens = r.u64();
        long totalClaimedTokens = r.u64();
        long currentSolVolume = r.u64();
        long lastUpdateTimestamp = r.i64();
        String ixName = r.string(IX_NAMES);
        boolean mayhemMode = r.bool();
        long cashbackFeeBasisPoints = r.u64();
        long cashback = r.u64();
        long buybackFeeBasisPoints = r.u64();
        long buybackFee = r.u64();
        List<Shareholder> shareholders = r.vec(Shareholder.BYTES, Shareholder::read);
        PublicKey quoteMint = r.pubkey();
        long quoteAmount = r.u64();
        long virtualQuoteReserves = r.u64();
        long realQuoteReserves = r.u64();
        long holderRewardsBps = r.u64();
        long holderRewards = r.u64();
        return new TradeEvent(mint, solAmount, tokenAmount, isBuy, user, timestamp, virtualSolReserves, virtualTokenReserves,
                realSolReserves, realTokenReserves, feeRecipient, feeBasisPoints, fee, creator, creatorFeeBasisPoints,
                creatorFee, trackVolume, totalUnclaimedTokens, totalClaimedTokens, currentSolVolume, lastUpdateTimestamp,
                ixName, mayhemMode, cashbackFeeBasisPoints, cashback, buybackFeeBasisPoints, buybackFee, shareholders,
                quoteMint, quoteAmount, virtualQuoteReserves, realQuoteReserves, holderRewardsBps, holderRewards,
                r.fieldsRead());
    }

    /** True when the bytes held IDL field {@code idlName}. */
    public boolean has(String idlName) {
        int i = IDL_FIELDS.indexOf(idlName);
        return i >= 0 && i < fieldsPresent;
    }

    @Override
    public String programName() {
        return PumpProgram.NAME;
    }

    @Override
    public String typeName() {
        return "TradeEvent";
    }

    @Override
    public Map<String, Object> fields() {
        return IdlFields.first(fieldsPresent)
                .pubkey("mint", mint)
                .u64("sol_amount", solAmount)
                .u64("token_amount", tokenAmount)
                .bool("is_buy", isBuy)
                .pubkey("user", user)
                .i64("timestamp", timestamp)
                .u64("virtual_sol_reserves", virtualSolReserves)
                .u64("virtual_token_reserves", virtualTokenReserves)
                .u64("real_sol_reserves", realSolReserves)
                .u64("real_token_reserves", realTokenReserves)
                .pubkey("fee_recipient", feeRecipient)
                .u64("fee_basis_points", feeBasisPoints)
                .u64("fee", fee)
                .pubkey("creator", creator)
                .u64("creator_fee_basis_points", creatorFeeBasisPoints)
                .u64("creator_fee", creatorFee)
                .bool("track_volume", trackVolume)
                .u64("total_unclaimed_tokens", totalUnclaimedTokens)
                .u64("total_claimed_tokens", totalClaimedTokens)
                .u64("current_sol_volume", currentSolVolume)
                .i64("last_update_timestamp", lastUpdateTimestamp)
                .string("ix_name", ixName)
                .bool("mayhem_mode", mayhemMode)
                .u64("cashback_fee_basis_points", cashbackFeeBasisPoints)
                .u64("cashback", cashback)
                .u64("buyback_fee_basis_points", buybackFeeBasisPoints)
                .u64("buyback_fee", buybackFee)
                .value("shareholders", Shareholder.json(shareholders))
                .pubkey("quote_mint", quoteMint)
                .u64("quote_amount", quoteAmount)
                .u64("virtual_quote_reserves", virtualQuoteReserves)
                .u64("real_quote_reserves", realQuoteReserves)
                .u64("holder_rewards_bps", holderRewardsBps)
                .u64("holder_rewards", holderRewards)
                .build();
    }
}
