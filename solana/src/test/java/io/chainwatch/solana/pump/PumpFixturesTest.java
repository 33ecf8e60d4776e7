package io.chainwatch.solana.pump;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.Fixtures;
import io.chainwatch.solana.LogEvent;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real mainnet data (src/test/resources/fixtures/pump), every value its README lists, exactly. */
@Timeout(30)
class PumpFixturesTest {
    private static final PublicKey ZERO = PublicKey.ZERO;

    @Test
    void bondingCurveOf150BytesHasTheReadmeValues() {
        byte[] data = Fixtures.accountData("bonding-curve-150b.json");
        assertThat(data).hasSize(150);
        BondingCurve curve = (BondingCurve) decodedAccount(PumpAccountDecoder.INSTANCE.decode(data));

        assertThat(curve.virtualTokenReserves()).isEqualTo(1072911112000000L);
        // The README's virtual_sol_reserves / real_sol_reserves: the IDL now names them *_quote_reserves.
        assertThat(curve.virtualQuoteReserves()).isEqualTo(30002485430L);
        assertThat(curve.realTokenReserves()).isEqualTo(793011112000000L);
        assertThat(curve.realQuoteReserves()).isEqualTo(2485430L);
        assertThat(curve.tokenTotalSupply()).isEqualTo(1000000000000000L);
        assertThat(curve.complete()).isFalse();
        assertThat(curve.creator()).isEqualTo(PublicKey.fromBase58("CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv"));
        assertThat(curve.isMayhemMode()).isFalse();
        // The rest of the IDL's fields fit in 150 bytes (they end at 125) and are zero here.
        assertThat(curve.fieldsPresent()).isEqualTo(13);
        assertThat(curve.isCashbackCoin()).isFalse();
        assertThat(curve.quoteMint()).isEqualTo(ZERO);
        assertThat(curve.creatorFeeBps()).isZero();
        assertThat(curve.canEditCreatorFee()).isFalse();
        assertThat(curve.isHolderReward()).isFalse();

        assertThat(curve.fields()).containsEntry("virtual_quote_reserves", 30002485430L)
                .containsEntry("creator", "CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv")
                .containsEntry("complete", false)
                .hasSize(13);
        assertThat(PumpDecoders.decodeAccount(data)).isEqualTo(DecodeResult.decoded(curve));
        assertThat(PumpDecoders.decodeAccount(PumpProgram.ID, data)).isEqualTo(DecodeResult.decoded(curve));
        assertThat(PumpDecoders.decodeAccount(PublicKey.ZERO, data)).isEqualTo(DecodeResult.unknown());
    }

    @Test
    void globalAccountOf512BytesHasCarbonsValuesAndStopsWhereItsBytesDo() {
        JsonNode json = Fixtures.json("global-account.json");
        assertThat(json.get("owner").asText()).isEqualTo(PumpProgram.ID.toBase58());
        byte[] data = Fixtures.accountData("global-account.json");
        assertThat(data).hasSize(512);
        Global g = (Global) decodedAccount(PumpDecoders.decodeAccount(data));

        assertThat(g.initialized()).isTrue();
        assertThat(g.authority().toBase58()).isEqualTo("FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF");
        assertThat(g.feeRecipient().toBase58()).isEqualTo("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
        assertThat(g.initialVirtualTokenReserves()).isEqualTo(1073000000000000L);
        assertThat(g.initialVirtualSolReserves()).isEqualTo(30000000000L);
        assertThat(g.initialRealTokenReserves()).isEqualTo(793100000000000L);
        assertThat(g.tokenTotalSupply()).isEqualTo(1000000000000000L);
        assertThat(g.feeBasisPoints()).isEqualTo(95);
        assertThat(g.withdrawAuthority().toBase58()).isEqualTo("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg");
        assertThat(g.enableMigrate()).isTrue();
        assertThat(g.poolMigrationFee()).isEqualTo(15000001L);
        assertThat(g.creatorFeeBasisPoints()).isEqualTo(5);
        assertThat(g.feeRecipients()).extracting(PublicKey::toBase58).containsExactly(
                "7VtfL8fvgNfhz17qKRMjzQEXgbdpnHHHQRh54R9jP2RJ", "7hTckgnGnLQR6sdH7YkqFTAA7VwTfYFaZ6EhEsU3saCX",
                "9rPYyANsfQZw3DnDmKE3YCQF5E8oD89UXoHn9JFEhJUz", "AVmoTthdrX6tKt4nDjco2D775W2YK3sDhxPcMmzUAmTY",
                "CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM", "FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz",
                "G5UZAVbAf46s7cKWoyKu8kYTip9DGTpbLZ2qa9Aq69dP");
        assertThat(g.setCreatorAuthority().toBase58()).isEqualTo("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg");
        assertThat(g.adminSetCreatorAuthority()).isEqualTo(ZERO);
        assertThat(g.createV2Enabled()).isFalse();
        assertThat(g.whitelistPda()).isEqualTo(ZERO);
        // reserved_fee_recipient would need bytes 483..515: this older account ends at 512.
        assertThat(g.fieldsPresent()).isEqualTo(17);
        assertThat(g.has("whitelist_pda")).isTrue();
        assertThat(g.has("reserved_fee_recipient")).isFalse();
        assertThat(g.reservedFeeRecipients()).isEmpty();
        assertThat(g.fields()).hasSize(17).containsEntry("fee_basis_points", 95L).doesNotContainKey("reserved_fee_recipient");
    }

    @Test
    void buyTransactionLogsHoldOneTradeEventWithTheReadmeValues() {
        List<String> logs = Fixtures.buyTxLogs();
        List<LogEvent> events = PumpDecoders.logEventParser().parse(logs);

        assertThat(events).hasSize(1);
        LogEvent e = events.getFirst();
        assertThat(e.programId()).isEqualTo(PumpProgram.ID);
        assertThat(e.eventIndex()).isZero();
        assertThat(e.logIndex()).isEqualTo(37);
        assertThat(logs.get(37)).startsWith("Program data: vdt/007mYe");
        assertReadmeTrade((TradeEvent) e.event());
    }

    @Test
    void theSameTradeEventComesAsASelfCpiInstruction() {
        JsonNode ix = Fixtures.json("buy-tx-logs.json").get("instructions").get(1);
        PublicKey program = PublicKey.of(Fixtures.bytes(ix.get("program")));
        byte[] data = Fixtures.bytes(ix.get("data"));
        assertThat(program).isEqualTo(PumpProgram.ID);
        assertThat(data).hasSize(8 + 266);

        DecodeResult<ProgramEvent> fromInstruction = PumpEventDecoder.INSTANCE.decodeInstruction(program, data);
        TradeEvent trade = (TradeEvent) fromInstruction.valueOrNull();
        assertReadmeTrade(trade);
        assertThat(trade).isEqualTo(PumpDecoders.logEventParser().parse(Fixtures.buyTxLogs()).getFirst().event());

        // Not pump's instruction, or no event tag: not an event.
        assertThat(PumpEventDecoder.INSTANCE.decodeInstruction(PumpProgram.FEE_PROGRAM_ID, data)).isEqualTo(DecodeResult.unknown());
        assertThat(PumpEventDecoder.INSTANCE.decodeInstruction(program, Fixtures.bytes(
                Fixtures.json("buy-tx-logs.json").get("instructions").get(0).get("data")))).isEqualTo(DecodeResult.unknown());
    }

    @Test
    void theInstructionsOwnLogsAttributeTheSameWay() {
        JsonNode ix = Fixtures.json("buy-tx-logs.json").get("instructions").get(0);
        List<LogEvent> events = PumpDecoders.logEventParser().parse(Fixtures.strings(ix.get("log_messages")));
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().logIndex()).isEqualTo(17);
        assertReadmeTrade((TradeEvent) events.getFirst().event());
    }

    @Test
    void tradeEventJsonViewUsesIdlNamesAndExactValues() {
        TradeEvent t = (TradeEvent) PumpDecoders.logEventParser().parse(Fixtures.buyTxLogs()).getFirst().event();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("mint", "BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
        expected.put("sol_amount", 50051224L);
        expected.put("token_amount", 693868985905L);
        expected.put("is_buy", true);
        expected.put("user", "DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX");
        expected.put("timestamp", 1770648745L);
        expected.put("virtual_sol_reserves", 48211944649L);
        expected.put("virtual_token_reserves", 667676865845292L);
        expected.put("real_sol_reserves", 18211944649L);
        expected.put("real_token_reserves", 387776865845292L);
        expected.put("fee_recipient", "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
        expected.put("fee_basis_points", 95L);
        expected.put("fee", 475487L);
        expected.put("creator", "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN");
        expected.put("creator_fee_basis_points", 30L);
        expected.put("creator_fee", 150154L);
        expected.put("track_volume", false);
        expected.put("total_unclaimed_tokens", 0L);
        expected.put("total_claimed_tokens", 0L);
        expected.put("current_sol_volume", 0L);
        expected.put("last_update_timestamp", 0L);
        expected.put("ix_name", "buy");
        expected.put("mayhem_mode", false);
        assertThat(t.fields()).containsExactlyEntriesOf(expected);
        assertThat(t.programName()).isEqualTo("pump");
        assertThat(t.typeName()).isEqualTo("TradeEvent");
    }

    /** Every value the fixtures README lists for this trade, and the layout facts of its 266 bytes. */
    static void assertReadmeTrade(TradeEvent t) {
        assertThat(t.mint().toBase58()).isEqualTo("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
        assertThat(t.solAmount()).isEqualTo(50051224L);
        assertThat(t.tokenAmount()).isEqualTo(693868985905L);
        assertThat(t.isBuy()).isTrue();
        assertThat(t.user().toBase58()).isEqualTo("DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX");
        assertThat(t.timestamp()).isEqualTo(1770648745L);
        assertThat(t.virtualSolReserves()).isEqualTo(48211944649L);
        assertThat(t.virtualTokenReserves()).isEqualTo(667676865845292L);
        assertThat(t.realSolReserves()).isEqualTo(18211944649L);
        assertThat(t.realTokenReserves()).isEqualTo(387776865845292L);
        assertThat(t.feeRecipient().toBase58()).isEqualTo("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
        assertThat(t.feeBasisPoints()).isEqualTo(95);
        assertThat(t.fee()).isEqualTo(475487L);
        assertThat(t.creator().toBase58()).isEqualTo("C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN");
        assertThat(t.creatorFeeBasisPoints()).isEqualTo(30);
        assertThat(t.creatorFee()).isEqualTo(150154L);
        assertThat(t.ixName()).isEqualTo("buy");
        // 266 bytes: through last_update_timestamp (258), ix_name "buy" (7), mayhem_mode (1).
        assertThat(t.fieldsPresent()).isEqualTo(23);
        assertThat(t.mayhemMode()).isFalse();
        assertThat(t.has("mayhem_mode")).isTrue();
        assertThat(t.has("cashback")).isFalse();
        assertThat(t.shareholders()).isEmpty();
        assertThat(t.quoteMint()).isEqualTo(ZERO);
    }

    private static ProgramAccount decodedAccount(DecodeResult<ProgramAccount> result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return result.valueOrNull();
    }
}
