package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.List;

/**
 * pump's {@code CreateEvent}: a token created on pump.
 *
 * <p>Payloads seen on mainnet: 206 and 349 bytes (with the discriminator; the strings vary). The oldest
 * layout ends after {@code user}; later ones append the fields in IDL order. u64 values are
 * unsigned in a long; {@code timestamp} is Unix seconds.
 *
 * <p>Event discriminator {@code 1b72a94ddeeb6376}. Components follow the IDL's fields, in its order
 * (LayoutConformanceTest checks names, order and decoding against the IDL); {@code fieldsPresent}
 * counts the fields the bytes held (6 to 19), and {@link #fields()} shows only those.
 */
public record CreateEvent(
        String name,
        String symbol,
        String uri,
        PublicKey mint,
        PublicKey bondingCurve,
        PublicKey user,
        PublicKey creator,
        long timestamp,
        long virtualTokenReserves,
        long virtualSolReserves,
        long realTokenReserves,
        long tokenTotalSupply,
        PublicKey tokenProgram,
        boolean isMayhemMode,
        boolean isCashbackEnabled,
        PublicKey quoteMint,
        long virtualQuoteReserves,
        long creatorFeeBps,
        boolean isHolderReward,
        int fieldsPresent) implements PumpEvent {
    public static final long DISCRIMINATOR = 0x7663ebde4da9721bL;
    /** The IDL's field names, in order. */
    public static final List<String> IDL_FIELDS = List.of("name", "symbol", "uri", "mint", "bonding_curve", "user", "creator", "timestamp",
            "virtual_token_reserves", "virtual_sol_reserves", "real_token_reserves", "token_total_supply",
            "token_program", "is_mayhem_mode", "is_cashback_enabled", "quote_mint", "virtual_quote_reserves",
            "creator_fee_bps", "is_holder_reward");
    /** Fields every version of the layout has; fewer bytes than these is malformed. */
    public static final int REQUIRED_FIELDS = 6;

    /** Reads the fields after the discriminator; the caller checks {@link BorshReader#ok()}. */
    static CreateEvent read(BorshReader r) {
        String name = r.string();
        String symbol = r.string();
        String uri = r.string();
        PublicKey mint = r.pubkey();
        PublicKey bondingCurve = r.pubkey();
        PublicKey user = r.pubkey();
        r.tolerateEnd();
        PublicKey creator = r.pubkey();
        long timestamp = r.i64();
        long virtualTokenReserves = r.u64();
        long virtualSolReserves = r.u64();
        long realTokenReserves = r.u64();
        long tokenTotalSupply = r.u64();
        PublicKey tokenProgram = r.pubkey();
        boolean isMayhemMode = r.bool();
        boolean isCashbackEnabled = r.bool();
        PublicKey quoteMint = r.pubkey();
        long virtualQuoteReserves = r.u64();
        long creatorFeeBps = r.u64();
        boolean isHolderReward = r.bool();
        return new CreateEvent(name, symbol, uri, mint, bondingCurve, user, creator, timestamp, virtualTokenReserves, virtualSolReserves,
                realTokenReserves, tokenTotalSupply, tokenProgram, isMayhemMode, isCashbackEnabled, quoteMint,
                virtualQuoteReserves, creatorFeeBps, isHolderReward, r.fieldsRead());
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
        return "CreateEvent";
    }

    @Override
    public void putFields(IdlFieldSink out) {
        out.string("name", name)
                .string("symbol", symbol)
                .string("uri", uri)
                .pubkey("mint", mint)
                .pubkey("bonding_curve", bondingCurve)
                .pubkey("user", user)
                .pubkey("creator", creator)
                .i64("timestamp", timestamp)
                .u64("virtual_token_reserves", virtualTokenReserves)
                .u64("virtual_sol_reserves", virtualSolReserves)
                .u64("real_token_reserves", realTokenReserves)
                .u64("token_total_supply", tokenTotalSupply)
                .pubkey("token_program", tokenProgram)
                .bool("is_mayhem_mode", isMayhemMode)
                .bool("is_cashback_enabled", isCashbackEnabled)
                .pubkey("quote_mint", quoteMint)
                .u64("virtual_quote_reserves", virtualQuoteReserves)
                .u64("creator_fee_bps", creatorFeeBps)
                .bool("is_holder_reward", isHolderReward);
    }
}
