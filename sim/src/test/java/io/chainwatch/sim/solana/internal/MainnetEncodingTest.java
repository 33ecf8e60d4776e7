package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's encoders and address derivations, checked byte for byte against real mainnet data
 * (test resources fixtures/solana/pump, with their provenance): what the simulator writes for the
 * values of a real buy is what mainnet wrote.
 */
@Timeout(30)
class MainnetEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = MainnetEncodingTest.class.getResourceAsStream("/fixtures/solana/pump/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static Pubkey key(JsonNode byteArray) {
        byte[] b = new byte[byteArray.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) byteArray.get(i).asInt();
        }
        return Pubkey.of(b);
    }

    private static byte[] bytes(JsonNode byteArray) {
        byte[] b = new byte[byteArray.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) byteArray.get(i).asInt();
        }
        return b;
    }

    /** The TradeEvent of the real buy, with the values the shared fixtures' README states. */
    private static PumpEvent.Trade realTrade() {
        Pubkey zero = Pubkey.ZERO;
        return new PumpEvent.Trade(SolanaPrograms.PUMP, 266, Pubkey.fromBase58("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump"),
                50_051_224L, 693_868_985_905L, true, Pubkey.fromBase58("DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX"), 1_770_648_745L,
                48_211_944_649L, 667_676_865_845_292L, 18_211_944_649L, 387_776_865_845_292L,
                Pubkey.fromBase58("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV"), 95, 475_487,
                Pubkey.fromBase58("C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN"), 30, 150_154, false, 0, 0, 0, 0, "buy", false, 0, 0, 0,
                0, zero, 0, 0, 0, 0, 0);
    }

    @Test
    void discriminatorsAreTheIdlOnes() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(PumpLayouts.TRADE_EVENT)).isEqualTo("bddb7fd34ee661ee");
        assertThat(hex.formatHex(PumpLayouts.CREATE_EVENT)).isEqualTo("1b72a94ddeeb6376");
        assertThat(hex.formatHex(PumpLayouts.COMPLETE_EVENT)).isEqualTo("5f72619cd42e9808");
        assertThat(hex.formatHex(PumpLayouts.MIGRATION_EVENT)).isEqualTo("bde95db95c94ea94");
        assertThat(hex.formatHex(PumpLayouts.CREATE_POOL_EVENT)).isEqualTo("b1310cd2a076a774");
        assertThat(hex.formatHex(PumpLayouts.BONDING_CURVE_ACCOUNT)).isEqualTo("17b7f83760d8ac60");
        assertThat(hex.formatHex(PumpLayouts.GLOBAL_ACCOUNT)).isEqualTo("a7e8e8b1c86c727f");
        assertThat(hex.formatHex(PumpLayouts.POOL_ACCOUNT)).isEqualTo("f19a6d0411b16dbc");
        assertThat(hex.formatHex(PumpLayouts.EVENT_IX_TAG)).isEqualTo("e445a52e51cb9a1d");
        assertThat(hex.formatHex(PumpLayouts.BUY_IX)).isEqualTo("66063d1201daebea");
        assertThat(hex.formatHex(PumpLayouts.SELL_IX)).isEqualTo("33e685a4017f83ad");
        assertThat(hex.formatHex(PumpLayouts.CREATE_V2_IX)).isEqualTo("d6904cec5f8b31b4");
        assertThat(hex.formatHex(PumpLayouts.MIGRATE_IX)).isEqualTo("9beae792ec9ea21e");
    }

    @Test
    void tradeEventOfTheRealBuyIsByteForByteWhatMainnetLogged() throws IOException {
        JsonNode logs = fixture("buy-tx-logs.json").get("instructions").get(0).get("log_messages");
        String dataLine = null;
        for (JsonNode l : logs) {
            if (l.asText().startsWith("Program data: ")) {
                dataLine = l.asText();
            }
        }
        byte[] mainnet = Base64.getDecoder().decode(dataLine.substring("Program data: ".length()));
        byte[] ours = PumpLayouts.trade(realTrade());
        assertThat(ours).hasSize(266).isEqualTo(mainnet);
        assertThat(PumpLayouts.tradeMainnet("buy")).isEqualTo(266);
        assertThat(PumpLayouts.tradeMainnet("sell")).isEqualTo(267);
    }

    @Test
    void selfCpiEventInstructionAndBuyInstructionAreWhatMainnetSent() throws IOException {
        JsonNode instructions = fixture("buy-tx-logs.json").get("instructions");
        byte[] buyData = bytes(instructions.get(0).get("data"));
        assertThat(PumpLayouts.buyInstruction(693_868_985_905L, 55_000_000L)).isEqualTo(buyData);
        byte[] eventIx = bytes(instructions.get(1).get("data"));
        assertThat(PumpLayouts.eventInstruction(PumpLayouts.trade(realTrade()))).isEqualTo(eventIx);
        assertThat(key(instructions.get(1).get("program"))).isEqualTo(SolanaPrograms.PUMP);
        assertThat(key(instructions.get(1).get("accounts").get(0))).isEqualTo(SolanaPrograms.PUMP_EVENT_AUTHORITY);
    }

    @Test
    void derivedAddressesMatchTheAccountsOfTheRealBuy() throws IOException {
        JsonNode accounts = fixture("buy-tx-logs.json").get("instructions").get(0).get("accounts");
        Pubkey mint = key(accounts.get(2));
        Pubkey curve = key(accounts.get(3));
        Pubkey user = key(accounts.get(6));
        Pubkey tokenProgram = key(accounts.get(8));
        assertThat(mint.base58()).isEqualTo("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
        assertThat(key(accounts.get(0))).isEqualTo(SolanaPrograms.PUMP_GLOBAL);
        assertThat(key(accounts.get(1))).isEqualTo(SolanaPrograms.FEE_RECIPIENT);
        assertThat(curve).isEqualTo(SolanaPrograms.bondingCurve(mint));
        assertThat(key(accounts.get(4))).isEqualTo(SolanaPrograms.associatedTokenAccount(curve, tokenProgram, mint));
        assertThat(tokenProgram).isEqualTo(SolanaPrograms.TOKEN_2022);
        assertThat(key(accounts.get(9))).isEqualTo(SolanaPrograms.creatorVault(Pubkey.fromBase58("C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN")));
        assertThat(key(accounts.get(10))).isEqualTo(SolanaPrograms.PUMP_EVENT_AUTHORITY);
        assertThat(key(accounts.get(11))).isEqualTo(SolanaPrograms.PUMP);
        assertThat(key(accounts.get(12))).isEqualTo(SolanaPrograms.PUMP_GLOBAL_VOLUME_ACCUMULATOR);
        assertThat(key(accounts.get(13))).isEqualTo(ProgramAddress.find(SolanaPrograms.PUMP, "user_volume_accumulator", user));
        assertThat(key(accounts.get(14))).isEqualTo(SolanaPrograms.PUMP_FEE_CONFIG);
        assertThat(key(accounts.get(15))).isEqualTo(SolanaPrograms.PUMP_FEES);
        assertThat(SolanaPrograms.PUMP_GLOBAL.base58()).isEqualTo("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf");
        assertThat(SolanaPrograms.PUMP_EVENT_AUTHORITY.base58()).isEqualTo("Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1");
    }

    @Test
    void bondingCurveAccountIsByteForByteTheRealOne() throws IOException {
        byte[] real = Base64.getDecoder().decode(fixture("bonding-curve-150b.json").get("data").asText());
        byte[] ours = PumpLayouts.bondingCurve(1_072_911_112_000_000L, 30_002_485_430L, 793_011_112_000_000L, 2_485_430L,
                1_000_000_000_000_000L, false, Pubkey.fromBase58("CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv"));
        assertThat(ours).hasSize(150).isEqualTo(real);
        assertThat(PumpMarket.CURVE_RENT + 2_485_430L).as("lamports of the real curve").isEqualTo(4_420_310L);
    }

    @Test
    void buyMathGivesTheRealTradesAmountsAndFees() {
        PumpMarket.Curve before = new PumpMarket.Curve(Pubkey.ZERO, Pubkey.ZERO, Pubkey.ZERO, Pubkey.ZERO, Pubkey.ZERO, "", "", "",
                668_370_734_831_197L, 48_161_893_425L, 388_470_734_831_197L, 18_161_893_425L, false, false, -1, List.of());
        PumpMarket.BuyQuote q = PumpMarket.quoteBuy(before, 693_868_985_905L);
        assertThat(q.solCost()).isEqualTo(50_051_224L);
        assertThat(q.fee()).isEqualTo(475_487L);
        assertThat(q.creatorFee()).isEqualTo(150_154L);
        PumpMarket.Curve after = PumpMarket.afterBuy(before, q, Pubkey.ZERO, Pubkey.ZERO, 1);
        assertThat(after.virtualSolReserves()).isEqualTo(48_211_944_649L);
        assertThat(after.virtualTokenReserves()).isEqualTo(667_676_865_845_292L);
        assertThat(after.realSolReserves()).isEqualTo(18_211_944_649L);
        assertThat(after.realTokenReserves()).isEqualTo(387_776_865_845_292L);
    }

    @Test
    void feeProgramReturnDataLineIsTheRealOne() throws IOException {
        LogWriter w = new LogWriter(200_000);
        w.invoke(SolanaPrograms.PUMP_FEES);
        w.returnData(new BorshWriter(24).u64(0).u64(95).u64(30).toArray());
        w.success();
        JsonNode logs = fixture("buy-tx-logs.json").get("instructions").get(0).get("log_messages");
        assertThat(w.lines().get(1)).isEqualTo(logs.get(5).asText());
        assertThat(w.lines().get(0)).isEqualTo("Program pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ invoke [1]");
    }
}
