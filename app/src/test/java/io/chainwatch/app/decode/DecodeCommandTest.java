package io.chainwatch.app.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.app.decode.DecodeCli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static io.chainwatch.app.decode.DecodeCli.decode;
import static io.chainwatch.app.decode.DecodeCli.fixtureFile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chainwatch decode account | logs | block} on the real mainnet data of
 * {@code src/test/resources/fixtures/solana/pump}: exact output, exit codes, and one-line messages
 * for input it cannot read.
 */
@Timeout(60)
class DecodeCommandTest {
    /** The bonding curve of bonding-curve-150b.json: the fixtures README's values (the IDL now says *_quote_reserves for *_sol_reserves). */
    static final String CURVE_LINE = "{\"program\":\"pump\",\"type\":\"BondingCurve\",\"fields\":{"
            + "\"virtual_token_reserves\":1072911112000000,\"virtual_quote_reserves\":30002485430,"
            + "\"real_token_reserves\":793011112000000,\"real_quote_reserves\":2485430,\"token_total_supply\":1000000000000000,"
            + "\"complete\":false,\"creator\":\"CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv\",\"is_mayhem_mode\":false,"
            + "\"is_cashback_coin\":false,\"quote_mint\":\"11111111111111111111111111111111\",\"creator_fee_bps\":0,"
            + "\"can_edit_creator_fee\":false,\"is_holder_reward\":false}}";
    /** The TradeEvent of buy-tx-logs.json: the fixtures README's values, then the rest of its 266 bytes. */
    static final String TRADE_FIELDS = "{\"mint\":\"BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump\",\"sol_amount\":50051224,"
            + "\"token_amount\":693868985905,\"is_buy\":true,\"user\":\"DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX\","
            + "\"timestamp\":1770648745,\"virtual_sol_reserves\":48211944649,\"virtual_token_reserves\":667676865845292,"
            + "\"real_sol_reserves\":18211944649,\"real_token_reserves\":387776865845292,"
            + "\"fee_recipient\":\"62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV\",\"fee_basis_points\":95,\"fee\":475487,"
            + "\"creator\":\"C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN\",\"creator_fee_basis_points\":30,\"creator_fee\":150154,"
            + "\"track_volume\":false,\"total_unclaimed_tokens\":0,\"total_claimed_tokens\":0,\"current_sol_volume\":0,"
            + "\"last_update_timestamp\":0,\"ix_name\":\"buy\",\"mayhem_mode\":false}";
    static final String LOG_TRADE_LINE = "{\"eventIndex\":0,\"logIndex\":37,\"instruction\":1,\"program\":\"pump\",\"event\":\"TradeEvent\",\"fields\":"
            + TRADE_FIELDS + "}";

    @Test
    void accountPrintsTheBondingCurveAsOneJsonObjectWithIdlNames() {
        Run r = decode("account", "--data", curveBase64());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(CURVE_LINE + "\n");
    }

    @Test
    void accountPrintsTheGlobalAccount() throws Exception {
        Run r = decode("account", "--data", BuyBlock.fixture("global-account.json").get("data").asText());
        assertThat(r.code()).isZero();
        JsonNode json = BuyBlock.MAPPER.readTree(r.out());
        assertThat(json.get("program").asText()).isEqualTo("pump");
        assertThat(json.get("type").asText()).isEqualTo("Global");
        assertThat(json.at("/fields/fee_basis_points").longValue()).isEqualTo(95);
        assertThat(json.at("/fields/fee_recipient").asText()).isEqualTo("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
        assertThat(json.at("/fields/initialized").booleanValue()).isTrue();
    }

    @Test
    void u64AboveLongMaxIsPrintedAsTheExactNumber() throws Exception {
        byte[] data = Base64.getDecoder().decode(curveBase64());
        for (int i = 8; i < 16; i++) {
            data[i] = (byte) 0xFF; // virtual_token_reserves = 2^64 - 1
        }
        Run r = decode("account", "--data", Base64.getEncoder().encodeToString(data));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"virtual_token_reserves\":18446744073709551615,");
        JsonNode value = BuyBlock.MAPPER.readTree(r.out()).at("/fields/virtual_token_reserves");
        assertThat(value.isIntegralNumber()).isTrue();
        assertThat(value.bigIntegerValue()).hasToString("18446744073709551615");
    }

    @Test
    void accountDataOfNoKnownTypeIsUnknownNotAnError() {
        Run r = decode("account", "--data", "AAAAAAAAAAAAAAAA");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\"program\":null,\"type\":\"unknown\"}\n");
        assertThat(decode("account", "--data", "").out()).isEqualTo("{\"program\":null,\"type\":\"unknown\"}\n");
    }

    @Test
    void aKnownDiscriminatorWithTooFewBytesIsMalformedWithTheReason() {
        byte[] data = Base64.getDecoder().decode(curveBase64());
        Run r = decode("account", "--data", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, 20)));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\"program\":\"pump\",\"type\":\"malformed\",\"error\":\"pump BondingCurve (20 bytes with discriminator): ");
    }

    @Test
    void accountDataThatIsNotBase64ExitsTwoWithOneLine() {
        Run r = decode("account", "--data", "F7f4N2DY*rGAA");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("chainwatch decode account: --data is not base64: Illegal base64 character 2a\n");
    }

    @Test
    void eventPrintsTheTradeEventOfTheBuysProgramDataLineWithTheFieldsTheLogsShow() {
        Run r = decode("event", "--data", tradeEventBase64());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\"program\":\"pump\",\"event\":\"TradeEvent\",\"fields\":" + TRADE_FIELDS + "}\n");
    }

    @Test
    void eventBytesOfNoKnownEventAreUnknownAndCutShortOnesMalformed() {
        assertThat(decode("event", "--data", "AAAAAAAAAAAAAAAA").out()).isEqualTo("{\"program\":null,\"event\":\"unknown\"}\n");
        assertThat(decode("event", "--data", "").out()).isEqualTo("{\"program\":null,\"event\":\"unknown\"}\n");
        byte[] data = Base64.getDecoder().decode(tradeEventBase64());
        Run cut = decode("event", "--data", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data, 40)));
        assertThat(cut.code()).isZero();
        assertThat(cut.out()).startsWith("{\"program\":\"pump\",\"event\":\"malformed\",\"error\":\"");
        Run bad = decode("event", "--data", "vdt*");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("chainwatch decode event: --data is not base64: Illegal base64 character 2a\n");
    }

    /** The base64 of the buy's pump {@code Program data:} line: the TradeEvent's bytes, as chainwatch stores them. */
    static String tradeEventBase64() {
        for (JsonNode line : BuyBlock.fixture("buy-tx-logs.json").get("log_messages")) {
            if (line.asText().startsWith("Program data: vdt/")) {
                return line.asText().substring("Program data: ".length());
            }
        }
        throw new IllegalStateException("the buy's logs have no TradeEvent line");
    }

    @Test
    void logsOfTheBuyPrintItsTradeEventOnce() {
        Run r = decode("logs", "--file", fixtureFile("buy-tx-logs.json").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(LOG_TRADE_LINE + "\n");
    }

    @Test
    void logsReadAnArrayAnObjectOrAGetTransactionAnswerAlike(@TempDir Path dir) throws Exception {
        JsonNode logs = BuyBlock.fixture("buy-tx-logs.json").get("log_messages");
        Path array = dir.resolve("array.json");
        Files.writeString(array, logs.toString());
        Path object = dir.resolve("object.json");
        Files.writeString(object, BuyBlock.JSON.objectNode().set("logMessages", logs).toString());
        Path answer = dir.resolve("getTransaction.json");
        ObjectNode result = new BuyBlock().succeededJsonV0("logs");
        result.put("slot", BuyBlock.SLOT);
        Files.writeString(answer, BuyBlock.JSON.objectNode().put("jsonrpc", "2.0").put("id", 1).set("result", result).toString());

        for (Path f : List.of(array, object, answer)) {
            Run r = decode("logs", "--file", f.toString());
            assertThat(r.code()).as(f.toString()).isZero();
            assertThat(r.out()).as(f.toString()).isEqualTo(LOG_TRADE_LINE + "\n");
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void truncatedOrFailedLogsAreSaidOnStderr(@TempDir Path dir) throws Exception {
        ArrayNode logs = (ArrayNode) BuyBlock.fixture("buy-tx-logs.json").get("log_messages");
        ArrayNode cut = BuyBlock.JSON.arrayNode();
        for (int i = 0; i < 30; i++) {
            cut.add(logs.get(i));
        }
        cut.add("Log truncated");
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, cut.toString());
        Run r = decode("logs", "--file", truncated.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("chainwatch decode logs: note: " + truncated + ": the log was truncated at line 30; events after it"
                + " are only in the transaction's inner instructions (decode block reads those)\n");

        Path failed = dir.resolve("failed.json");
        ObjectNode tx = new BuyBlock().succeededJsonV0("failed");
        ((ObjectNode) tx.get("meta")).set("err", BuyBlock.MAPPER.readTree("{\"InstructionError\":[4,{\"Custom\":1}]}"));
        Files.writeString(failed, tx.toString());
        Run f = decode("logs", "--file", failed.toString());
        assertThat(f.code()).isZero();
        assertThat(f.out()).isEqualTo(LOG_TRADE_LINE + "\n");
        assertThat(f.err()).isEqualTo("chainwatch decode logs: note: " + failed
                + ": the transaction failed ({\"InstructionError\":[4,{\"Custom\":1}]}): these events were rolled back\n");
    }

    @Test
    void unreadableLogFilesExitTwoNamingFileAndProblem(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertUnreadable(decode("logs", "--file", missing.toString()), "chainwatch decode logs: " + missing + ": no such file");

        Path notJson = Files.writeString(dir.resolve("logs.txt"), "Program 6EF8 invoke [1]\n");
        assertUnreadable(decode("logs", "--file", notJson.toString()), "chainwatch decode logs: " + notJson
                + ": not JSON: Unrecognized token 'Program': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 9)");

        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertUnreadable(decode("logs", "--file", empty.toString()), "chainwatch decode logs: " + empty + ": empty, expected JSON");

        Path shape = Files.writeString(dir.resolve("shape.json"), "{\"signature\": \"x\"}");
        assertUnreadable(decode("logs", "--file", shape.toString()), "chainwatch decode logs: " + shape + ": no log messages: expected a JSON"
                + " array, an object with logMessages or log_messages, or a getTransaction answer (result.meta.logMessages)");

        Path numbers = Files.writeString(dir.resolve("numbers.json"), "[\"Program log: x\", 7]");
        assertUnreadable(decode("logs", "--file", numbers.toString()), "chainwatch decode logs: " + numbers + ": the array[1] is not a string");

        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertUnreadable(decode("logs", "--file", folder.toString()), "chainwatch decode logs: " + folder + ": a folder, not a file");
    }

    @Test
    void blockPrintsEachEventOnceAndNoneOfTheFailedTransaction(@TempDir Path dir) throws Exception {
        BuyBlock buy = new BuyBlock();
        Path json = Files.writeString(dir.resolve("json.json"), BuyBlock.getBlock(List.of(buy.failedV0("failed", false),
                buy.succeededJsonV0("bought"))).toString());
        Path base64 = Files.writeString(dir.resolve("base64.json"), BuyBlock.getBlock(List.of(buy.succeededBase64Legacy("bought"),
                buy.failedV0("failed", true))).get("result").toString());

        Run r = decode("block", "--file", json.toString(), "--slot", "398000001");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(blockLine(398000001L, BuyBlock.signature("bought"), 1) + "\n");

        Run b = decode("block", "--file", base64.toString());
        assertThat(b.code()).isZero();
        assertThat(b.out()).isEqualTo(blockLine(null, BuyBlock.signature("bought"), 0) + "\n");
    }

    @Test
    void blockWithoutTransactionsOrEventsPrintsNothing(@TempDir Path dir) throws Exception {
        Path none = Files.writeString(dir.resolve("none.json"), BuyBlock.getBlock(List.of()).toString());
        Run r = decode("block", "--file", none.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void unreadableBlocksExitTwoNamingFileAndProblem(@TempDir Path dir) throws Exception {
        Path error = Files.writeString(dir.resolve("error.json"), "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32009,\"message\":"
                + "\"Slot 398000001 was skipped, or missing in long-term storage\"},\"id\":1}");
        assertUnreadable(decode("block", "--file", error.toString()), "chainwatch decode block: " + error
                + ": error: the node answered with an error: -32009 Slot 398000001 was skipped, or missing in long-term storage");

        Path nothing = Files.writeString(dir.resolve("null.json"), "{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}");
        assertUnreadable(decode("block", "--file", nothing.toString()), "chainwatch decode block: " + nothing
                + ": result: null: the node has no such block (a skipped slot, or one the node does not have yet)");

        ObjectNode tx = new BuyBlock().succeededJsonV0("tx");
        tx.put("slot", BuyBlock.SLOT);
        Path getTransaction = Files.writeString(dir.resolve("tx.json"), tx.toString());
        assertUnreadable(decode("block", "--file", getTransaction.toString()), "chainwatch decode block: " + getTransaction
                + ": not a getBlock answer: no \"transactions\" (it looks like a getTransaction answer)");

        ObjectNode block = BuyBlock.getBlock(List.of(new BuyBlock().succeededBase64Legacy("tx")));
        ((ArrayNode) block.at("/result/transactions/0/transaction")).set(0, "not base64!");
        Path badBase64 = Files.writeString(dir.resolve("bad64.json"), block.toString());
        assertUnreadable(decode("block", "--file", badBase64.toString()), "chainwatch decode block: " + badBase64
                + ": result.transactions[0].transaction[0]: not base64: Illegal base64 character 20");

        Path trailing = Files.writeString(dir.resolve("two.json"), "{\"result\":{}} {\"result\":{}}");
        assertThat(decode("block", "--file", trailing.toString()).code()).isEqualTo(2);
        assertThat(decode("block", "--file", dir.resolve("missing.json").toString()).err()).endsWith("missing.json: no such file\n");
    }

    @Test
    void decodeWithoutASubcommandOrAnOptionIsAUsageError() {
        Run r = decode();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand").contains("account", "logs", "block");
        assertThat(decode("block").code()).isEqualTo(2);
        assertThat(decode("block").err()).contains("Missing required option: '--file=FILE'");
        assertThat(decode("block", "--file", "x.json", "--slot", "soon").code()).isEqualTo(2);
        Run negative = decode("block", "--file", "x.json", "--slot", "-3");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("chainwatch decode block: --slot: got -3, a slot is 0 or more\n");
    }

    @Test
    void helpListsTheThreeDecodeCommands() {
        Run r = decode("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("account", "logs", "block");
    }

    static String blockLine(Long slot, String signature, int txIndex) {
        return "{\"slot\":" + slot + ",\"signature\":\"" + signature + "\",\"txIndex\":" + txIndex
                + ",\"eventIndex\":0,\"instruction\":1,\"innerInstruction\":5,\"logIndex\":37,\"program\":\"pump\",\"event\":\"TradeEvent\",\"fields\":"
                + TRADE_FIELDS + "}";
    }

    static String curveBase64() {
        return BuyBlock.fixture("bonding-curve-150b.json").get("data").asText();
    }

    private static void assertUnreadable(Run r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(message + "\n");
    }
}
