package io.chainwatch.solana.pump;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Payload bytes (after the discriminator) of the 129-byte events: the ten required fields. */
    private static final int BYTES_129 = 121;
    /** Payload bytes of the 258-byte events, through {@code last_update_timestamp}; {@code ix_name} starts here. */
    private static final int BYTES_258 = 250;
    private static final int SELL = 's' | 'e' << 8 | 'l' << 16 | 'l' << 24;

    /**
     * The event when its payload (the bytes after the discriminator, from {@code at}) is exactly one
     * of the layouts pump has emitted: 129 or 258 bytes with the discriminator, the one ending at
     * {@code mayhem_mode} (266 bytes for a buy, 267 for a sell), or the IDL's whole layout; its
     * booleans must be 0 or 1. Null for any other bytes, which {@link #read(BorshReader)} then decodes
     * or calls malformed field by field.
     *
     * <p>Nearly every event on the wire is one of these. Read at fixed offsets, with one length check
     * per layout instead of a state and bounds check per field, a 266-byte payload decodes about 2.5
     * times faster than field by field (BENCHMARKS.md, issue 3). The values are those of
     * {@link #read(BorshReader)}: TradeEventLayoutsTest checks the two against each other. The caller
     * checks that the range lies inside {@code d}.
     */
    static TradeEvent readKnownLayout(byte[] d, int at, int length) {
        if (length != BYTES_129 && length < BYTES_258) {
            return null;
        }
        int fields = 10;
        String ixName = "";
        int mayhem = 0;
        int tail = -1;
        if (length >= BYTES_258) {
            fields = 21;
            if (length > BYTES_258) {
                if (length - BYTES_258 < 5) {
                    return null;
                }
                long ixLength = (int) INTS.get(d, at + BYTES_258) & 0xFFFF_FFFFL;
                int afterMayhem = BYTES_258 + 5 + (int) Math.min(ixLength, Integer.MAX_VALUE - BYTES_258 - 5);
                if (afterMayhem > length) {
                    return null;
                }
                ixName = ixName(d, at + BYTES_258 + 4, (int) ixLength);
                mayhem = d[at + afterMayhem - 1];
                fields = 23;
                if (afterMayhem != length) {
                    if (wholeLayoutTail(d, at + afterMayhem, length - afterMayhem) < 0) {
                        return null;
                    }
                    tail = at + afterMayhem;
                    fields = IDL_FIELDS.size();
                }
            }
        }
        int isBuy = d[at + 48];
        int trackVolume = fields > 10 ? d[at + 217] : 0;
        if (((isBuy | trackVolume | mayhem) & ~1) != 0) {
            return null;
        }
        boolean has258 = fields > 10;
        boolean hasTail = tail >= 0;
        int end = at + length;
        return new TradeEvent(PublicKey.read(d, at), u64(d, at + 32), u64(d, at + 40), isBuy == 1, PublicKey.read(d, at + 49),
                u64(d, at + 81), u64(d, at + 89), u64(d, at + 97), u64(d, at + 105), u64(d, at + 113),
                has258 ? PublicKey.read(d, at + 121) : PublicKey.ZERO, has258 ? u64(d, at + 153) : 0, has258 ? u64(d, at + 161) : 0,
                has258 ? PublicKey.read(d, at + 169) : PublicKey.ZERO, has258 ? u64(d, at + 201) : 0, has258 ? u64(d, at + 209) : 0,
                trackVolume == 1, has258 ? u64(d, at + 218) : 0, has258 ? u64(d, at + 226) : 0, has258 ? u64(d, at + 234) : 0,
                has258 ? u64(d, at + 242) : 0, ixName, mayhem == 1,
                hasTail ? u64(d, tail) : 0, hasTail ? u64(d, tail + 8) : 0, hasTail ? u64(d, tail + 16) : 0, hasTail ? u64(d, tail + 24) : 0,
                hasTail ? shareholders(d, tail + 32) : List.of(),
                hasTail ? PublicKey.read(d, end - 72) : PublicKey.ZERO, hasTail ? u64(d, end - 40) : 0, hasTail ? u64(d, end - 32) : 0,
                hasTail ? u64(d, end - 24) : 0, hasTail ? u64(d, end - 16) : 0, hasTail ? u64(d, end - 8) : 0, fields);
    }

    /**
     * The shareholder count when the {@code n} bytes from {@code p} are exactly the IDL's fields after
     * {@code mayhem_mode} (four u64, the shareholders, a pubkey, five u64), else -1.
     */
    private static long wholeLayoutTail(byte[] d, int p, int n) {
        if (n < 32 + 4 + 32 + 40) {
            return -1;
        }
        long count = (int) INTS.get(d, p + 32) & 0xFFFF_FFFFL;
        return 32 + 4 + count * Shareholder.BYTES + 32 + 40 == n ? count : -1;
    }

    private static List<Shareholder> shareholders(byte[] d, int countAt) {
        int count = (int) INTS.get(d, countAt);
        int first = countAt + 4;
        return switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(shareholder(d, first));
            case 2 -> List.of(shareholder(d, first), shareholder(d, first + Shareholder.BYTES));
            default -> {
                Shareholder[] out = new Shareholder[count];
                for (int i = 0; i < count; i++) {
                    out[i] = shareholder(d, first + i * Shareholder.BYTES);
                }
                yield List.of(out);
            }
        };
    }

    private static Shareholder shareholder(byte[] d, int at) {
        return new Shareholder(PublicKey.read(d, at), (short) SHORTS.get(d, at + PublicKey.BYTES) & 0xFFFF);
    }

    /** As {@link BorshReader#string(String[])} reads it: the constant for the usual names, else the UTF-8 text. */
    private static String ixName(byte[] d, int at, int length) {
        if (length == 3 && d[at] == 'b' && d[at + 1] == 'u' && d[at + 2] == 'y') {
            return "buy";
        }
        if (length == 4 && (int) INTS.get(d, at) == SELL) {
            return "sell";
        }
        return new String(d, at, length, StandardCharsets.UTF_8);
    }

    private static long u64(byte[] d, int at) {
        return (long) LONGS.get(d, at);
    }

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
    public void putFields(IdlFieldSink out) {
        out.pubkey("mint", mint)
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
                .structs("shareholders", shareholders)
                .pubkey("quote_mint", quoteMint)
                .u64("quote_amount", quoteAmount)
                .u64("virtual_quote_reserves", virtualQuoteReserves)
                .u64("real_quote_reserves", realQuoteReserves)
                .u64("holder_rewards_bps", holderRewardsBps)
                .u64("holder_rewards", holderRewards);
    }
}
