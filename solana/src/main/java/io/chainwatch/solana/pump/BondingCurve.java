package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * pump's {@code BondingCurve}: the state of one token's bonding curve (the account at PDA ["bonding-curve", mint]).
 *
 * <p>Layouts: 49 bytes (old, ends after {@code complete}) and 150 bytes (the IDL's fields to byte 125, then
 * zero padding); any length from 49 up reads the fields that fit whole. Reserves and supply are
 * unsigned u64 in a long. The IDL now says {@code virtual_quote_reserves} / {@code real_quote_reserves}
 * for what older tools call {@code virtual_sol_reserves} / {@code real_sol_reserves}: lamports for SOL
 * curves. A curve is complete when {@code real_token_reserves} reaches 0; migration to PumpSwap follows.
 *
 * <p>Account discriminator {@code 17b7f83760d8ac60}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (6 to 13), and {@link #fields()} shows only those.
 */
public record BondingCurve(
        long virtualTokenReserves,
        long virtualQuoteReserves,
        long realTokenReserves,
        long realQuoteReserves,
        long tokenTotalSupply,
        boolean complete,
        PublicKey creator,
        boolean isMayhemMode,
        boolean isCashbackCoin,
        PublicKey quoteMint,
        long creatorFeeBps,
        boolean canEditCreatorFee,
        boolean isHolderReward,
        int fieldsPresent) implements PumpAccount {
    public static final long DISCRIMINATOR = 0x60acd86037f8b717L;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("virtual_token_reserves", "virtual_quote_reserves", "real_token_reserves", "real_quote_reserves",
            "token_total_supply", "complete", "creator", "is_mayhem_mode", "is_cashback_coin", "quote_mint",
            "creator_fee_bps", "can_edit_creator_fee", "is_holder_reward");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 6;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static BondingCurve read(BorshReader r) {
        long virtualTokenReserves = r.u64();
        long virtualQuoteReserves = r.u64();
        long realTokenReserves = r.u64();
        long realQuoteReserves = r.u64();
        long tokenTotalSupply = r.u64();
        boolean complete = r.bool();
        r.tolerateEnd();
        PublicKey creator = r.pubkey();
        boolean isMayhemMode = r.bool();
        boolean isCashbackCoin = r.bool();
        PublicKey quoteMint = r.pubkey();
        long creatorFeeBps = r.u64();
        boolean canEditCreatorFee = r.bool();
        boolean isHolderReward = r.bool();
        return new BondingCurve(virtualTokenReserves, virtualQuoteReserves, realTokenReserves, realQuoteReserves, tokenTotalSupply, complete,
                creator, isMayhemMode, isCashbackCoin, quoteMint, creatorFeeBps, canEditCreatorFee, isHolderReward,
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
        return "BondingCurve";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.u64("virtual_token_reserves", virtualTokenReserves)
                .u64("virtual_quote_reserves", virtualQuoteReserves)
                .u64("real_token_reserves", realTokenReserves)
                .u64("real_quote_reserves", realQuoteReserves)
                .u64("token_total_supply", tokenTotalSupply)
                .bool("complete", complete)
                .pubkey("creator", creator)
                .bool("is_mayhem_mode", isMayhemMode)
                .bool("is_cashback_coin", isCashbackCoin)
                .pubkey("quote_mint", quoteMint)
                .u64("creator_fee_bps", creatorFeeBps)
                .bool("can_edit_creator_fee", canEditCreatorFee)
                .bool("is_holder_reward", isHolderReward);
    }
}
