package io.chainwatch.bench.solana;

import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.Shareholder;
import io.chainwatch.solana.pump.TradeEvent;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The {@code Program data:} lines of pump TradeEvents that {@link TradeEventDecodeBenchmark} and the
 * node script {@code bench/node/trade-decode.mjs} (pump.fun's SDK) both decode, made from a fixed
 * seed, with the values each line must decode to.
 *
 * <p>Values are realistic: curves anywhere from fresh to nearly complete (virtual SOL reserves from
 * 30 to 115 SOL, tokens from the constant product), trades of 0.001 to 20 SOL, 95 + 30 basis points
 * of fees, 64 mints, 256 traders, 8 fee recipients. The bytes are written here field by field in
 * the IDL's order, apart from the decoder under test.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.chainwatch.bench.solana.TradeEventLines DIR}
 * writes, per layout, {@code trade-LAYOUT.lines} (one line each) and
 * {@code trade-LAYOUT.expected.jsonl} (all 34 IDL fields of each line: public keys in base58,
 * integers as decimal strings; absent fields as their defaults).
 */
public final class TradeEventLines {
    /** A power of two, so the benchmark cycles with a mask. */
    public static final int COUNT = 1 << 10;
    public static final long SEED = 3;
    public static final String PREFIX = "Program data: ";

    /** Which layouts the lines use. */
    public enum Layout {
        /** The layout of today's mainnet events, ending at {@code mayhem_mode}: buys 266 bytes, sells 267 ("sell" is one letter longer). 60 % buys. */
        CURRENT,
        /** The four lengths seen on mainnet, each a quarter of the lines at random: 129, 258, 266 (buy), 267 (sell). */
        MIXED,
        /** The full layout of the SDK's IDL (cashback, buyback, zero to two shareholders, quote and holder-reward fields): 374 to 443 bytes. */
        IDL
    }

    private static final int FIELDS_129 = TradeEvent.REQUIRED_FIELDS;
    private static final int FIELDS_258 = 21;
    private static final int FIELDS_266 = 23;
    private static final int FIELDS_IDL = TradeEvent.IDL_FIELDS.size();

    private static final long INITIAL_VIRTUAL_SOL = 30_000_000_000L;
    private static final long INITIAL_VIRTUAL_TOKENS = 1_073_000_000_000_000L;
    private static final long INITIAL_REAL_TOKENS = 793_100_000_000_000L;
    private static final BigInteger K = BigInteger.valueOf(INITIAL_VIRTUAL_SOL).multiply(BigInteger.valueOf(INITIAL_VIRTUAL_TOKENS));
    private static final PublicKey WSOL = PublicKey.fromBase58("So11111111111111111111111111111111111111112");

    private final List<String> lines;
    private final List<TradeEvent> expected;

    private TradeEventLines(List<String> lines, List<TradeEvent> expected) {
        this.lines = lines;
        this.expected = expected;
    }

    public List<String> lines() {
        return lines;
    }

    /** What each line decodes to, fields the bytes lack at their defaults. */
    public List<TradeEvent> expected() {
        return expected;
    }

    /** The same lines for the same layout, every time. */
    public static TradeEventLines generate(Layout layout) {
        Random random = new Random(SEED * 31 + layout.ordinal());
        PublicKey[] mints = keys(random, 64);
        PublicKey[] creators = keys(random, mints.length);
        PublicKey[] users = keys(random, 256);
        PublicKey[] feeRecipients = keys(random, 8);
        List<String> lines = new ArrayList<>(COUNT);
        List<TradeEvent> expected = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            int fields = switch (layout) {
                case CURRENT -> FIELDS_266;
                case MIXED -> new int[] {FIELDS_129, FIELDS_258, FIELDS_266, FIELDS_266}[random.nextInt(4)];
                case IDL -> FIELDS_IDL;
            };
            boolean isBuy = switch (layout) {
                case CURRENT, IDL -> random.nextInt(10) < 6;
                case MIXED -> fields == FIELDS_266 ? random.nextBoolean() : random.nextInt(10) < 6;
            };
            int m = random.nextInt(mints.length);
            TradeEvent full = trade(random, i, isBuy, mints[m], creators[m], users[random.nextInt(users.length)],
                    feeRecipients[random.nextInt(feeRecipients.length)]);
            TradeEvent event = firstFields(full, fields);
            expected.add(event);
            lines.add(PREFIX + Base64.getEncoder().encodeToString(encode(event)));
        }
        return new TradeEventLines(List.copyOf(lines), List.copyOf(expected));
    }

    private static TradeEvent trade(Random random, int i, boolean isBuy, PublicKey mint, PublicKey creator, PublicKey user,
                                    PublicKey feeRecipient) {
        long realSol = (long) (random.nextDouble() * 84_000_000_000L);
        long virtualSol = INITIAL_VIRTUAL_SOL + realSol;
        long virtualTokens = K.divide(BigInteger.valueOf(virtualSol)).longValueExact();
        // 0.001 to 20 SOL, log-uniform; a sell cannot take out more than the curve holds.
        long solAmount = (long) Math.exp(Math.log(1e6) + random.nextDouble() * (Math.log(2e10) - Math.log(1e6)));
        // A buy cannot take the curve past completion (about 85 SOL in), a sell cannot take out more than it holds.
        solAmount = isBuy ? Math.min(solAmount, 85_000_000_000L - realSol) : Math.min(solAmount, Math.max(1, realSol / 2));
        long tokenAmount = BigInteger.valueOf(solAmount).multiply(BigInteger.valueOf(virtualTokens))
                .divide(BigInteger.valueOf(virtualSol)).longValueExact();
        virtualSol += isBuy ? solAmount : -solAmount;
        virtualTokens += isBuy ? -tokenAmount : tokenAmount;
        realSol += isBuy ? solAmount : -solAmount;
        long realTokens = Math.max(0, virtualTokens - (INITIAL_VIRTUAL_TOKENS - INITIAL_REAL_TOKENS));
        long timestamp = 1_770_648_745L + i / 4;
        boolean trackVolume = random.nextInt(10) < 7;
        long unclaimed = trackVolume ? random.nextLong(1_000_000_000_000L) : 0;
        long claimed = trackVolume ? random.nextLong(1_000_000_000_000L) : 0;
        long volume = trackVolume ? random.nextLong(1_000_000_000_000L) : 0;
        long lastUpdate = trackVolume ? timestamp - random.nextInt(86_400) : 0;
        boolean cashback = random.nextInt(10) == 0;
        boolean buyback = random.nextInt(10) == 0;
        boolean holderRewards = random.nextInt(5) == 0;
        List<Shareholder> shareholders = switch (random.nextInt(4)) {
            case 0 -> List.of(new Shareholder(creator, 10_000));
            case 1 -> List.of(new Shareholder(creator, 7_000), new Shareholder(keys(random, 1)[0], 3_000));
            default -> List.of();
        };
        return new TradeEvent(mint, solAmount, tokenAmount, isBuy, user, timestamp, virtualSol, virtualTokens, realSol, realTokens,
                feeRecipient, 95, ceilBps(solAmount, 95), creator, 30, ceilBps(solAmount, 30), trackVolume, unclaimed, claimed,
                volume, lastUpdate, isBuy ? "buy" : "sell", random.nextInt(30) == 0,
                cashback ? 5 : 0, cashback ? ceilBps(solAmount, 5) : 0, buyback ? 10 : 0, buyback ? ceilBps(solAmount, 10) : 0,
                shareholders, random.nextBoolean() ? PublicKey.ZERO : WSOL, solAmount, virtualSol, realSol,
                holderRewards ? 20 : 0, holderRewards ? ceilBps(solAmount, 20) : 0, FIELDS_IDL);
    }

    /** {@code full} with only its first {@code n} IDL fields; the rest at their defaults, as a decoder gives them. */
    private static TradeEvent firstFields(TradeEvent t, int n) {
        return new TradeEvent(t.mint(), t.solAmount(), t.tokenAmount(), t.isBuy(), t.user(), t.timestamp(),
                t.virtualSolReserves(), t.virtualTokenReserves(), t.realSolReserves(), t.realTokenReserves(),
                n > 10 ? t.feeRecipient() : PublicKey.ZERO, n > 11 ? t.feeBasisPoints() : 0, n > 12 ? t.fee() : 0,
                n > 13 ? t.creator() : PublicKey.ZERO, n > 14 ? t.creatorFeeBasisPoints() : 0, n > 15 ? t.creatorFee() : 0,
                n > 16 && t.trackVolume(), n > 17 ? t.totalUnclaimedTokens() : 0, n > 18 ? t.totalClaimedTokens() : 0,
                n > 19 ? t.currentSolVolume() : 0, n > 20 ? t.lastUpdateTimestamp() : 0, n > 21 ? t.ixName() : "",
                n > 22 && t.mayhemMode(), n > 23 ? t.cashbackFeeBasisPoints() : 0, n > 24 ? t.cashback() : 0,
                n > 25 ? t.buybackFeeBasisPoints() : 0, n > 26 ? t.buybackFee() : 0, n > 27 ? t.shareholders() : List.of(),
                n > 28 ? t.quoteMint() : PublicKey.ZERO, n > 29 ? t.quoteAmount() : 0, n > 30 ? t.virtualQuoteReserves() : 0,
                n > 31 ? t.realQuoteReserves() : 0, n > 32 ? t.holderRewardsBps() : 0, n > 33 ? t.holderRewards() : 0, n);
    }

    /** The event's discriminator and its first {@code fieldsPresent} fields in borsh. */
    static byte[] encode(TradeEvent t) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        int n = t.fieldsPresent();
        b.putLong(TradeEvent.DISCRIMINATOR);
        pubkey(b, t.mint());
        b.putLong(t.solAmount()).putLong(t.tokenAmount());
        bool(b, t.isBuy());
        pubkey(b, t.user());
        b.putLong(t.timestamp()).putLong(t.virtualSolReserves()).putLong(t.virtualTokenReserves())
                .putLong(t.realSolReserves()).putLong(t.realTokenReserves());
        if (n > 10) {
            pubkey(b, t.feeRecipient());
            b.putLong(t.feeBasisPoints()).putLong(t.fee());
            pubkey(b, t.creator());
            b.putLong(t.creatorFeeBasisPoints()).putLong(t.creatorFee());
            bool(b, t.trackVolume());
            b.putLong(t.totalUnclaimedTokens()).putLong(t.totalClaimedTokens()).putLong(t.currentSolVolume())
                    .putLong(t.lastUpdateTimestamp());
        }
        if (n > 21) {
            byte[] ix = t.ixName().getBytes(StandardCharsets.UTF_8);
            b.putInt(ix.length).put(ix);
            bool(b, t.mayhemMode());
        }
        if (n > 23) {
            b.putLong(t.cashbackFeeBasisPoints()).putLong(t.cashback()).putLong(t.buybackFeeBasisPoints()).putLong(t.buybackFee());
            b.putInt(t.shareholders().size());
            for (Shareholder s : t.shareholders()) {
                pubkey(b, s.address());
                b.putShort((short) s.shareBps());
            }
            pubkey(b, t.quoteMint());
            b.putLong(t.quoteAmount()).putLong(t.virtualQuoteReserves()).putLong(t.realQuoteReserves())
                    .putLong(t.holderRewardsBps()).putLong(t.holderRewards());
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** All 34 IDL fields as one JSON object, in IDL order. */
    static String json(TradeEvent t) {
        StringBuilder s = new StringBuilder(1024).append('{');
        key(s, "mint").append(quote(t.mint().toBase58()));
        key(s, "sol_amount").append(u64(t.solAmount()));
        key(s, "token_amount").append(u64(t.tokenAmount()));
        key(s, "is_buy").append(t.isBuy());
        key(s, "user").append(quote(t.user().toBase58()));
        key(s, "timestamp").append(quote(Long.toString(t.timestamp())));
        key(s, "virtual_sol_reserves").append(u64(t.virtualSolReserves()));
        key(s, "virtual_token_reserves").append(u64(t.virtualTokenReserves()));
        key(s, "real_sol_reserves").append(u64(t.realSolReserves()));
        key(s, "real_token_reserves").append(u64(t.realTokenReserves()));
        key(s, "fee_recipient").append(quote(t.feeRecipient().toBase58()));
        key(s, "fee_basis_points").append(u64(t.feeBasisPoints()));
        key(s, "fee").append(u64(t.fee()));
        key(s, "creator").append(quote(t.creator().toBase58()));
        key(s, "creator_fee_basis_points").append(u64(t.creatorFeeBasisPoints()));
        key(s, "creator_fee").append(u64(t.creatorFee()));
        key(s, "track_volume").append(t.trackVolume());
        key(s, "total_unclaimed_tokens").append(u64(t.totalUnclaimedTokens()));
        key(s, "total_claimed_tokens").append(u64(t.totalClaimedTokens()));
        key(s, "current_sol_volume").append(u64(t.currentSolVolume()));
        key(s, "last_update_timestamp").append(quote(Long.toString(t.lastUpdateTimestamp())));
        key(s, "ix_name").append(quote(t.ixName()));
        key(s, "mayhem_mode").append(t.mayhemMode());
        key(s, "cashback_fee_basis_points").append(u64(t.cashbackFeeBasisPoints()));
        key(s, "cashback").append(u64(t.cashback()));
        key(s, "buyback_fee_basis_points").append(u64(t.buybackFeeBasisPoints()));
        key(s, "buyback_fee").append(u64(t.buybackFee()));
        key(s, "shareholders").append('[');
        for (int i = 0; i < t.shareholders().size(); i++) {
            Shareholder h = t.shareholders().get(i);
            s.append(i == 0 ? "" : ",").append("{\"address\":").append(quote(h.address().toBase58()))
                    .append(",\"share_bps\":").append(h.shareBps()).append('}');
        }
        s.append(']');
        key(s, "quote_mint").append(quote(t.quoteMint().toBase58()));
        key(s, "quote_amount").append(u64(t.quoteAmount()));
        key(s, "virtual_quote_reserves").append(u64(t.virtualQuoteReserves()));
        key(s, "real_quote_reserves").append(u64(t.realQuoteReserves()));
        key(s, "holder_rewards_bps").append(u64(t.holderRewardsBps()));
        key(s, "holder_rewards").append(u64(t.holderRewards()));
        return s.append('}').toString();
    }

    /** Writes every layout's lines and expected values into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TradeEventLines OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Layout layout : Layout.values()) {
            TradeEventLines generated = generate(layout);
            Files.write(linesFile(dir, layout), generated.lines(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("trade-" + layout + ".expected.jsonl"),
                    generated.expected().stream().map(TradeEventLines::json).toList(), StandardCharsets.UTF_8);
            System.out.println(layout + ": " + COUNT + " lines -> " + linesFile(dir, layout));
        }
    }

    static Path linesFile(Path dir, Layout layout) {
        return dir.resolve("trade-" + layout + ".lines");
    }

    private static PublicKey[] keys(Random random, int n) {
        PublicKey[] keys = new PublicKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new PublicKey(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        }
        return keys;
    }

    private static long ceilBps(long amount, long bps) {
        return (amount * bps + 9_999) / 10_000;
    }

    private static void pubkey(ByteBuffer b, PublicKey key) {
        byte[] bytes = key.toBytes();
        b.put(bytes);
    }

    private static void bool(ByteBuffer b, boolean v) {
        b.put((byte) (v ? 1 : 0));
    }

    private static StringBuilder key(StringBuilder s, String name) {
        return s.append(s.length() > 1 ? "," : "").append('"').append(name).append("\":");
    }

    private static String u64(long v) {
        return quote(Long.toUnsignedString(v));
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }
}
