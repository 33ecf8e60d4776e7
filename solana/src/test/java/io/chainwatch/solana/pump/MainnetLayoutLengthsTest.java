package io.chainwatch.solana.pump;

import io.chainwatch.solana.BorshWriter;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload lengths seen on mainnet (fixtures README), each built here byte by byte from the
 * layouts (layouts-pump.txt offsets), decoded, and checked field by field.
 */
@Timeout(30)
class MainnetLayoutLengthsTest {
    private static final PublicKey MINT = key(1);
    private static final PublicKey USER = key(2);
    private static final PublicKey FEE_RECIPIENT = key(3);
    private static final PublicKey CREATOR = key(4);
    private static final PublicKey CURVE = key(5);
    private static final PublicKey POOL = key(6);
    private static final PublicKey TOKEN_PROGRAM = key(7);
    private static final PublicKey QUOTE_MINT = key(8);
    private static final long U64_MAX = -1L;

    @Test
    void tradeEventOf129BytesEndsAfterRealTokenReserves() {
        byte[] b = tradeTo129().bytes();
        assertThat(b).hasSize(129);
        TradeEvent t = trade(b);
        assertThat(t.fieldsPresent()).isEqualTo(10);
        assertThat(t.mint()).isEqualTo(MINT);
        assertThat(t.solAmount()).isEqualTo(U64_MAX);
        assertThat(Long.toUnsignedString(t.solAmount())).isEqualTo("18446744073709551615");
        assertThat(t.tokenAmount()).isEqualTo(2_000_000L);
        assertThat(t.isBuy()).isFalse();
        assertThat(t.user()).isEqualTo(USER);
        assertThat(t.timestamp()).isEqualTo(-5);
        assertThat(t.virtualSolReserves()).isEqualTo(30_000_000_000L);
        assertThat(t.virtualTokenReserves()).isEqualTo(1_073_000_000_000_000L);
        assertThat(t.realSolReserves()).isEqualTo(7);
        assertThat(t.realTokenReserves()).isZero();
        // Absent fields hold defaults, and the JSON view does not show them.
        assertThat(t.feeRecipient()).isEqualTo(PublicKey.ZERO);
        assertThat(t.creator()).isEqualTo(PublicKey.ZERO);
        assertThat(t.ixName()).isEmpty();
        assertThat(t.shareholders()).isEmpty();
        assertThat(t.has("fee_recipient")).isFalse();
        assertThat(t.fields()).hasSize(10).containsEntry("sol_amount", new java.math.BigInteger("18446744073709551615"))
                .containsEntry("timestamp", -5L).doesNotContainKey("fee_recipient");
    }

    @Test
    void tradeEventOf258BytesEndsAfterLastUpdateTimestamp() {
        byte[] b = tradeTo258().bytes();
        assertThat(b).hasSize(258);
        TradeEvent t = trade(b);
        assertThat(t.fieldsPresent()).isEqualTo(21);
        assertThat(t.feeRecipient()).isEqualTo(FEE_RECIPIENT);
        assertThat(t.feeBasisPoints()).isEqualTo(95);
        assertThat(t.fee()).isEqualTo(475_487);
        assertThat(t.creator()).isEqualTo(CREATOR);
        assertThat(t.creatorFeeBasisPoints()).isEqualTo(30);
        assertThat(t.creatorFee()).isEqualTo(150_154);
        assertThat(t.trackVolume()).isTrue();
        assertThat(t.totalUnclaimedTokens()).isEqualTo(11);
        assertThat(t.totalClaimedTokens()).isEqualTo(12);
        assertThat(t.currentSolVolume()).isEqualTo(13);
        assertThat(t.lastUpdateTimestamp()).isEqualTo(1_770_648_745L);
        assertThat(t.ixName()).isEmpty();
        assertThat(t.has("ix_name")).isFalse();
    }

    @Test
    void tradeEventsOf266And267BytesAddIxNameAndMayhemMode() {
        byte[] buy = tradeTo258().string("buy").bool(true).bytes();
        byte[] sell = tradeTo258().string("sell").bool(false).bytes();
        assertThat(buy).hasSize(266);
        assertThat(sell).hasSize(267);
        TradeEvent b = trade(buy);
        TradeEvent s = trade(sell);
        assertThat(b.fieldsPresent()).isEqualTo(23);
        assertThat(b.ixName()).isSameAs(trade(buy).ixName()).isEqualTo("buy"); // a shared constant, not a new string
        assertThat(b.mayhemMode()).isTrue();
        assertThat(s.fieldsPresent()).isEqualTo(23);
        assertThat(s.ixName()).isEqualTo("sell");
        assertThat(s.mayhemMode()).isFalse();
        assertThat(trade(tradeTo258().string("buy_exact_sol_in").bool(false).bytes()).ixName()).isEqualTo("buy_exact_sol_in");
        assertThat(trade(tradeTo258().string("new_ix_ü").bool(false).bytes()).ixName()).isEqualTo("new_ix_ü");
    }

    @Test
    void tradeEventFullLayoutReadsShareholdersAndQuoteFields() {
        byte[] b = tradeTo258().string("sell").bool(false)
                .u64(10).u64(11).u64(12).u64(13) // cashback_fee_basis_points, cashback, buyback_fee_basis_points, buyback_fee
                .u32(2).pubkey(CREATOR).u16(7_000).pubkey(USER).u16(3_000) // shareholders
                .pubkey(QUOTE_MINT).u64(20).u64(21).u64(22).u64(23).u64(24)
                .bytes();
        TradeEvent t = trade(b);
        assertThat(t.fieldsPresent()).isEqualTo(TradeEvent.IDL_FIELDS.size());
        assertThat(t.cashbackFeeBasisPoints()).isEqualTo(10);
        assertThat(t.buybackFee()).isEqualTo(13);
        assertThat(t.shareholders()).containsExactly(new Shareholder(CREATOR, 7_000), new Shareholder(USER, 3_000));
        assertThat(t.quoteMint()).isEqualTo(QUOTE_MINT);
        assertThat(t.quoteAmount()).isEqualTo(20);
        assertThat(t.virtualQuoteReserves()).isEqualTo(21);
        assertThat(t.realQuoteReserves()).isEqualTo(22);
        assertThat(t.holderRewardsBps()).isEqualTo(23);
        assertThat(t.holderRewards()).isEqualTo(24);
        assertThat(t.fields().get("shareholders")).isEqualTo(java.util.List.of(
                java.util.Map.of("address", CREATOR.toBase58(), "share_bps", 7_000L),
                java.util.Map.of("address", USER.toBase58(), "share_bps", 3_000L)));
    }

    @Test
    void createEventsOf206And349Bytes() {
        // 206: the first layout, ending after user; the three strings take 90 bytes here.
        String uri = "https://ipfs.io/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";
        byte[] old = createTo("Pepe on Pump", "PEPE", uri + "aaaaaaa").bytes();
        assertThat(old).hasSize(206);
        CreateEvent c = create(old);
        assertThat(c.fieldsPresent()).isEqualTo(6);
        assertThat(c.name()).isEqualTo("Pepe on Pump");
        assertThat(c.symbol()).isEqualTo("PEPE");
        assertThat(c.uri()).isEqualTo(uri + "aaaaaaa");
        assertThat(c.mint()).isEqualTo(MINT);
        assertThat(c.bondingCurve()).isEqualTo(CURVE);
        assertThat(c.user()).isEqualTo(USER);
        assertThat(c.creator()).isEqualTo(PublicKey.ZERO);
        assertThat(c.has("creator")).isFalse();

        // 349: adds creator, timestamp, the reserves, token_program and is_mayhem_mode; the strings take 128 bytes.
        byte[] newer = createTo("Mayhem Coin 🚀", "MAYHEM", "https://ipfs.io/ipfs/" + "b".repeat(85))
                .pubkey(CREATOR).i64(1_770_648_745L).u64(1_073_000_000_000_000L).u64(30_000_000_000L)
                .u64(793_100_000_000_000L).u64(1_000_000_000_000_000L).pubkey(TOKEN_PROGRAM).bool(true)
                .bytes();
        assertThat(newer).hasSize(349);
        CreateEvent n = create(newer);
        assertThat(n.fieldsPresent()).isEqualTo(14);
        assertThat(n.name()).isEqualTo("Mayhem Coin 🚀");
        assertThat(n.creator()).isEqualTo(CREATOR);
        assertThat(n.timestamp()).isEqualTo(1_770_648_745L);
        assertThat(n.virtualTokenReserves()).isEqualTo(1_073_000_000_000_000L);
        assertThat(n.virtualSolReserves()).isEqualTo(30_000_000_000L);
        assertThat(n.realTokenReserves()).isEqualTo(793_100_000_000_000L);
        assertThat(n.tokenTotalSupply()).isEqualTo(1_000_000_000_000_000L);
        assertThat(n.tokenProgram()).isEqualTo(TOKEN_PROGRAM);
        assertThat(n.isMayhemMode()).isTrue();
        assertThat(n.has("is_cashback_enabled")).isFalse();
    }

    @Test
    void createEventWhoseStringOverrunsTheDataIsMalformed() {
        byte[] b = new BorshWriter().discriminator("event:CreateEvent").string("name").u32(1_000).raw("sym".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).bytes();
        assertThat(PumpEventDecoder.INSTANCE.decode(b)).isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void completeEventsOf112And144Bytes() {
        BorshWriter w = new BorshWriter().discriminator("event:CompleteEvent").pubkey(USER).pubkey(MINT).pubkey(CURVE).i64(1_770_000_000L);
        byte[] old = w.bytes();
        assertThat(old).hasSize(112);
        CompleteEvent o = (CompleteEvent) event(old);
        assertThat(o.user()).isEqualTo(USER);
        assertThat(o.mint()).isEqualTo(MINT);
        assertThat(o.bondingCurve()).isEqualTo(CURVE);
        assertThat(o.timestamp()).isEqualTo(1_770_000_000L);
        assertThat(o.fieldsPresent()).isEqualTo(4);
        assertThat(o.quoteMint()).isEqualTo(PublicKey.ZERO);

        byte[] newer = w.pubkey(QUOTE_MINT).bytes();
        assertThat(newer).hasSize(144);
        CompleteEvent n = (CompleteEvent) event(newer);
        assertThat(n.fieldsPresent()).isEqualTo(5);
        assertThat(n.quoteMint()).isEqualTo(QUOTE_MINT);
        assertThat(PumpEventDecoder.INSTANCE.decode(java.util.Arrays.copyOf(old, 111))).isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void completePumpAmmMigrationEventOf168And200Bytes() {
        BorshWriter w = new BorshWriter().discriminator("event:CompletePumpAmmMigrationEvent").pubkey(USER).pubkey(MINT)
                .u64(206_900_000_000_000L).u64(84_990_359_614L).u64(15_000_001L).pubkey(CURVE).i64(1_770_000_001L).pubkey(POOL);
        assertThat(w.size()).isEqualTo(168);
        CompletePumpAmmMigrationEvent o = (CompletePumpAmmMigrationEvent) event(w.bytes());
        assertThat(o.mintAmount()).isEqualTo(206_900_000_000_000L);
        assertThat(o.solAmount()).isEqualTo(84_990_359_614L);
        assertThat(o.poolMigrationFee()).isEqualTo(15_000_001L);
        assertThat(o.bondingCurve()).isEqualTo(CURVE);
        assertThat(o.timestamp()).isEqualTo(1_770_000_001L);
        assertThat(o.pool()).isEqualTo(POOL);
        assertThat(o.fieldsPresent()).isEqualTo(8);
        CompletePumpAmmMigrationEvent n = (CompletePumpAmmMigrationEvent) event(w.pubkey(QUOTE_MINT).bytes());
        assertThat(n.quoteMint()).isEqualTo(QUOTE_MINT);
        assertThat(n.fieldsPresent()).isEqualTo(9);
    }

    @Test
    void bondingCurveOf49BytesEndsAfterComplete() {
        BorshWriter w = new BorshWriter().discriminator("account:BondingCurve").u64(1_000L).u64(2_000L).u64(0).u64(85_000_000_000L)
                .u64(1_000_000_000_000_000L).bool(true);
        assertThat(w.size()).isEqualTo(49);
        BondingCurve c = curve(w.bytes());
        assertThat(c.virtualTokenReserves()).isEqualTo(1_000L);
        assertThat(c.virtualQuoteReserves()).isEqualTo(2_000L);
        assertThat(c.realTokenReserves()).isZero();
        assertThat(c.realQuoteReserves()).isEqualTo(85_000_000_000L);
        assertThat(c.tokenTotalSupply()).isEqualTo(1_000_000_000_000_000L);
        assertThat(c.complete()).isTrue();
        assertThat(c.fieldsPresent()).isEqualTo(6);
        assertThat(c.creator()).isEqualTo(PublicKey.ZERO);

        // Between 49 and 150: the fields that fit whole; a creator cut short is absent.
        assertThat(curve(w.zeros(20).bytes()).fieldsPresent()).isEqualTo(6);
        BondingCurve withCreator = curve(new BorshWriter().raw(java.util.Arrays.copyOf(w.bytes(), 49)).pubkey(CREATOR).bool(true).bytes());
        assertThat(withCreator.fieldsPresent()).isEqualTo(8);
        assertThat(withCreator.creator()).isEqualTo(CREATOR);
        assertThat(withCreator.isMayhemMode()).isTrue();
        // Shorter than the first layout: malformed, not guessed.
        assertThat(PumpAccountDecoder.INSTANCE.decode(java.util.Arrays.copyOf(w.bytes(), 48))).isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void boolsOtherThanZeroOrOneAreMalformed() {
        byte[] b = tradeTo129().bytes();
        b[8 + 32 + 8 + 8] = 2; // is_buy
        DecodeResult<ProgramEvent> r = PumpEventDecoder.INSTANCE.decode(b);
        assertThat(r).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(((DecodeResult.Malformed<ProgramEvent>) r).reason()).contains("TradeEvent").contains("bool");
    }

    @Test
    void otherDiscriminatorsAreUnknownAndShortDataIsMalformed() {
        byte[] setParams = new BorshWriter().discriminator("event:SetParamsEvent").zeros(425).bytes();
        assertThat(PumpEventDecoder.INSTANCE.decode(setParams)).isEqualTo(DecodeResult.unknown());
        assertThat(PumpEventDecoder.INSTANCE.decode(new byte[3])).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(PumpEventDecoder.INSTANCE.decode(tradeTo129().bytes(), 100, 100)).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(PumpAccountDecoder.INSTANCE.decode(new byte[165])).isEqualTo(DecodeResult.unknown()); // a token account
        assertThat(PumpAccountDecoder.INSTANCE.decode(null)).isEqualTo(DecodeResult.unknown());
    }

    private static BorshWriter tradeTo129() {
        return new BorshWriter().discriminator("event:TradeEvent").pubkey(MINT).u64(U64_MAX).u64(2_000_000L).bool(false).pubkey(USER)
                .i64(-5).u64(30_000_000_000L).u64(1_073_000_000_000_000L).u64(7).u64(0);
    }

    private static BorshWriter tradeTo258() {
        return tradeTo129().pubkey(FEE_RECIPIENT).u64(95).u64(475_487).pubkey(CREATOR).u64(30).u64(150_154).bool(true)
                .u64(11).u64(12).u64(13).i64(1_770_648_745L);
    }

    private static BorshWriter createTo(String name, String symbol, String uri) {
        return new BorshWriter().discriminator("event:CreateEvent").string(name).string(symbol).string(uri).pubkey(MINT).pubkey(CURVE).pubkey(USER);
    }

    private static TradeEvent trade(byte[] b) {
        return (TradeEvent) event(b);
    }

    private static CreateEvent create(byte[] b) {
        return (CreateEvent) event(b);
    }

    private static ProgramEvent event(byte[] b) {
        DecodeResult<ProgramEvent> r = PumpEventDecoder.INSTANCE.decode(b);
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        return r.valueOrNull();
    }

    private static BondingCurve curve(byte[] b) {
        return (BondingCurve) PumpAccountDecoder.INSTANCE.decode(b).valueOrNull();
    }

    private static PublicKey key(int seed) {
        return new PublicKey(0x1111_0000_0000_0000L * seed + seed, seed, -seed, 0x0123_4567_89ab_cdefL ^ seed);
    }
}
