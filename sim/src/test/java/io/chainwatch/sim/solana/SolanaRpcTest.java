package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.solana.Base58;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Solana JSON-RPC over HTTP on a real loopback socket: shapes of blocks, transactions and accounts, in each encoding. */
@Timeout(60)
class SolanaRpcTest {
    private static final String PUMP = SolanaPrograms.PUMP.base58();
    private static final Map<String, Object> FINALIZED_V0 = Map.of("maxSupportedTransactionVersion", 0, "commitment", "finalized");
    private static SolanaSimulator sim;
    private static RpcClient rpc;

    @BeforeAll
    static void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(7).withSkipRate(0.1));
        sim.produceSlots(60);
        rpc = new RpcClient(sim.endpoint(0).httpUrl());
    }

    @AfterAll
    static void close() {
        sim.close();
    }

    /** A finalized slot whose block holds a pump transaction. */
    private static long finalizedPumpSlot() {
        long finalized = sim.slot(Commitment.FINALIZED);
        for (long s = finalized; s > finalized - 40; s--) {
            var b = sim.block(s);
            if (b.isPresent() && b.get().transactions().stream().anyMatch(t -> t.accountKeys().contains(SolanaPrograms.PUMP))) {
                return s;
            }
        }
        throw new AssertionError("no finalized block with pump transactions");
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void getBlockInJsonHasTheAgaveShape() {
        long slot = finalizedPumpSlot();
        SimSolanaBlock truth = sim.block(slot).orElseThrow();
        JsonNode b = rpc.result("getBlock", slot, FINALIZED_V0);
        assertThat(b.get("blockhash").asText()).isEqualTo(truth.blockhash());
        assertThat(b.get("previousBlockhash").asText()).isEqualTo(truth.previousBlockhash());
        assertThat(b.get("parentSlot").asLong()).isEqualTo(truth.parentSlot());
        assertThat(b.get("blockHeight").asLong()).isEqualTo(truth.blockHeight());
        assertThat(b.get("blockTime").asLong()).isEqualTo(truth.blockTime());
        assertThat(b.get("rewards").get(0).get("rewardType").asText()).isEqualTo("Fee");
        JsonNode txs = b.get("transactions");
        assertThat(txs).hasSize(truth.transactions().size());
        for (int i = 0; i < txs.size(); i++) {
            JsonNode tx = txs.get(i);
            SimSolanaTransaction t = truth.transactions().get(i);
            assertThat(tx.get("version").isTextual() ? -1 : tx.get("version").asInt()).isEqualTo(t.version());
            JsonNode message = tx.get("transaction").get("message");
            assertThat(tx.get("transaction").get("signatures").get(0).asText()).isEqualTo(t.signature());
            assertThat(Base58.decode(t.signature())).hasSize(64);
            List<String> keys = new ArrayList<>();
            message.get("accountKeys").forEach(k -> keys.add(k.asText()));
            assertThat(keys).isEqualTo(t.accountKeys().stream().map(Pubkey::base58).toList());
            assertThat(message.get("header").get("numRequiredSignatures").asInt()).isEqualTo(t.signatures().size());
            assertThat(message.get("instructions").get(0).get("stackHeight").isNull()).isTrue();
            JsonNode meta = tx.get("meta");
            List<String> logs = new ArrayList<>();
            meta.get("logMessages").forEach(l -> logs.add(l.asText()));
            assertThat(logs).isEqualTo(t.logMessages());
            assertThat(meta.get("err").isNull()).isEqualTo(!t.failed());
            assertThat(meta.get("status").has(t.failed() ? "Err" : "Ok")).isTrue();
            assertThat(meta.get("preBalances")).hasSize(keys.size());
            assertThat(meta.get("postBalances")).hasSize(keys.size());
            assertThat(meta.get("loadedAddresses").get("writable")).isEmpty();
            assertThat(meta.get("computeUnitsConsumed").asLong()).isPositive();
            assertThat(meta.get("fee").asLong()).isGreaterThanOrEqualTo(5_000);
        }
    }

    @Test
    void pumpEventsAreLoggedAndEmittedAsSelfCpiInnerInstructions() {
        long slot = finalizedPumpSlot();
        JsonNode txs = rpc.result("getBlock", slot, FINALIZED_V0).get("transactions");
        int selfCpis = 0;
        for (JsonNode tx : txs) {
            JsonNode keys = tx.get("transaction").get("message").get("accountKeys");
            for (JsonNode group : tx.get("meta").get("innerInstructions")) {
                for (JsonNode ix : group.get("instructions")) {
                    assertThat(ix.get("stackHeight").asInt()).isGreaterThanOrEqualTo(2);
                    byte[] data = Base58.decode(ix.get("data").asText());
                    String program = keys.get(ix.get("programIdIndex").asInt()).asText();
                    if (program.equals(PUMP) && data.length > 16 && HexFormat.of().formatHex(data, 0, 8).equals("e445a52e51cb9a1d")) {
                        selfCpis++;
                        assertThat(keys.get(ix.get("accounts").get(0).asInt()).asText())
                                .isEqualTo(SolanaPrograms.PUMP_EVENT_AUTHORITY.base58());
                    }
                }
            }
            List<String> logs = new ArrayList<>();
            tx.get("meta").get("logMessages").forEach(l -> logs.add(l.asText()));
            if (logs.stream().anyMatch(l -> l.startsWith("Program " + PUMP + " invoke"))) {
                assertThat(logs).anyMatch(l -> l.matches("Program " + PUMP + " consumed \\d+ of \\d+ compute units"));
                assertThat(logs.getLast()).matches("Program \\w+ (success|failed: .*)");
            }
        }
        assertThat(selfCpis).isPositive();
    }

    @Test
    void base64TransactionsRoundTripToTheSameSignaturesAndAccountKeys() {
        long slot = finalizedPumpSlot();
        JsonNode json = rpc.result("getBlock", slot, FINALIZED_V0).get("transactions");
        JsonNode b64 = rpc.result("getBlock", slot, config("encoding", "base64", "maxSupportedTransactionVersion", 0)).get("transactions");
        assertThat(b64).hasSize(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode pair = b64.get(i).get("transaction");
            assertThat(pair.get(1).asText()).isEqualTo("base64");
            WireTx wire = WireTx.parse(Base64.getDecoder().decode(pair.get(0).asText()));
            JsonNode tx = json.get(i).get("transaction");
            JsonNode message = tx.get("message");
            List<String> sigs = new ArrayList<>();
            tx.get("signatures").forEach(s -> sigs.add(s.asText()));
            List<String> keys = new ArrayList<>();
            message.get("accountKeys").forEach(k -> keys.add(k.asText()));
            assertThat(wire.signatures()).isEqualTo(sigs);
            assertThat(wire.accountKeys()).isEqualTo(keys);
            assertThat(wire.recentBlockhash()).isEqualTo(message.get("recentBlockhash").asText());
            assertThat(wire.version()).isEqualTo(json.get(i).get("version").isTextual() ? -1 : json.get(i).get("version").asInt());
            assertThat(wire.numRequiredSignatures()).isEqualTo(message.get("header").get("numRequiredSignatures").asInt());
            assertThat(wire.numReadonlyUnsigned()).isEqualTo(message.get("header").get("numReadonlyUnsignedAccounts").asInt());
            assertThat(wire.instructions()).hasSize(message.get("instructions").size());
            for (int j = 0; j < wire.instructions().size(); j++) {
                JsonNode ix = message.get("instructions").get(j);
                assertThat(wire.instructions().get(j).programIdIndex()).isEqualTo(ix.get("programIdIndex").asInt());
                assertThat(Base58.encode(wire.instructions().get(j).data())).isEqualTo(ix.get("data").asText());
            }
            assertThat(b64.get(i).get("meta")).isEqualTo(json.get(i).get("meta"));
        }
    }

    @Test
    void versionedTransactionsNeedMaxSupportedTransactionVersion() {
        long finalized = sim.slot(Commitment.FINALIZED);
        long slotWithV0 = -1;
        for (long s = finalized; s > finalized - 40 && slotWithV0 < 0; s--) {
            var b = sim.block(s);
            if (b.isPresent() && b.get().transactions().stream().anyMatch(t -> t.version() == 0)) {
                slotWithV0 = s;
            }
        }
        assertThat(slotWithV0).as("a block with a v0 transaction").isPositive();
        JsonNode error = rpc.error("getBlock", slotWithV0);
        assertThat(error.get("code").asInt()).isEqualTo(-32015);
        assertThat(error.get("message").asText()).isEqualTo("Transaction version (0) is not supported by the requesting client. "
                + "Please try the request again with the following configuration parameter: \"maxSupportedTransactionVersion\": 0");
        SimSolanaTransaction v0 = sim.block(slotWithV0).orElseThrow().transactions().stream().filter(t -> t.version() == 0)
                .findFirst().orElseThrow();
        assertThat(rpc.error("getTransaction", v0.signature()).get("code").asInt()).isEqualTo(-32015);
        JsonNode tx = rpc.result("getTransaction", v0.signature(), config("maxSupportedTransactionVersion", 0));
        assertThat(tx.get("version").asInt()).isZero();
        assertThat(tx.get("transaction").get("message").get("addressTableLookups")).isEmpty();
        JsonNode signaturesOnly = rpc.result("getBlock", slotWithV0, config("transactionDetails", "signatures", "rewards", false));
        assertThat(signaturesOnly.has("transactions")).isFalse();
        assertThat(signaturesOnly.has("rewards")).isFalse();
        assertThat(signaturesOnly.get("signatures")).hasSize(sim.block(slotWithV0).orElseThrow().transactions().size());
        JsonNode none = rpc.result("getBlock", slotWithV0, config("transactionDetails", "none"));
        assertThat(none.has("transactions") || none.has("signatures")).isFalse();
    }

    @Test
    void getTransactionFindsConfirmedTransactionsInEachEncoding() {
        SimSolanaTransaction t = sim.block(finalizedPumpSlot()).orElseThrow().transactions().getFirst();
        JsonNode json = rpc.result("getTransaction", t.signature(), config("maxSupportedTransactionVersion", 0));
        assertThat(json.get("slot").asLong()).isEqualTo(t.slot());
        assertThat(json.get("transaction").get("signatures").get(0).asText()).isEqualTo(t.signature());
        JsonNode b64 = rpc.result("getTransaction", t.signature(), config("encoding", "base64", "maxSupportedTransactionVersion", 0));
        WireTx wire = WireTx.parse(Base64.getDecoder().decode(b64.get("transaction").get(0).asText()));
        assertThat(wire.signatures().getFirst()).isEqualTo(t.signature());
        String unknown = Base58.encode(new byte[64]);
        assertThat(rpc.result("getTransaction", unknown).isNull()).isTrue();
        JsonNode bad = rpc.error("getTransaction", "not-base58-0OIl");
        assertThat(bad.get("code").asInt()).isEqualTo(-32602);
        assertThat(bad.get("message").asText()).isEqualTo("Invalid param: Invalid");
    }

    @Test
    void getSignaturesForAddressListsNewestFirstWithLimitAndBefore() {
        SimCurve curve = sim.curves().stream().filter(c -> !c.migrated()).findFirst().orElseThrow();
        JsonNode all = rpc.result("getSignaturesForAddress", curve.bondingCurve().base58(), config("commitment", "confirmed"));
        assertThat(all.size()).isPositive();
        long previous = Long.MAX_VALUE;
        for (JsonNode s : all) {
            assertThat(s.get("slot").asLong()).isLessThanOrEqualTo(previous);
            previous = s.get("slot").asLong();
            assertThat(s.get("confirmationStatus").asText()).isIn("confirmed", "finalized");
            assertThat(s.has("memo") && s.has("err") && s.has("blockTime")).isTrue();
            SimSolanaTransaction t = sim.transaction(s.get("signature").asText()).orElseThrow();
            assertThat(t.accountKeys()).contains(curve.bondingCurve());
        }
        if (all.size() > 1) {
            JsonNode one = rpc.result("getSignaturesForAddress", curve.bondingCurve().base58(), config("commitment", "confirmed", "limit", 1));
            assertThat(one).hasSize(1);
            assertThat(one.get(0)).isEqualTo(all.get(0));
            JsonNode rest = rpc.result("getSignaturesForAddress", curve.bondingCurve().base58(),
                    config("commitment", "confirmed", "before", all.get(0).get("signature").asText()));
            assertThat(rest).hasSize(all.size() - 1);
            assertThat(rest.get(0)).isEqualTo(all.get(1));
        }
        assertThat(rpc.error("getSignaturesForAddress", PUMP, config("limit", 1001)).get("message").asText())
                .isEqualTo("Invalid limit; max 1000");
    }

    @Test
    void accountsComeInEveryEncodingWithDataSliceAndTheBase58Limit() {
        SimCurve curve = sim.curves().getFirst();
        String key = curve.bondingCurve().base58();
        JsonNode b64 = rpc.result("getAccountInfo", key, config("encoding", "base64"));
        assertThat(b64.get("context").get("slot").asLong()).isEqualTo(sim.slot(Commitment.FINALIZED));
        assertThat(b64.get("context").get("apiVersion").asText()).isNotEmpty();
        JsonNode value = b64.get("value");
        assertThat(value.get("owner").asText()).isEqualTo(PUMP);
        assertThat(value.get("space").asInt()).isEqualTo(150);
        assertThat(value.get("executable").asBoolean()).isFalse();
        assertThat(value.get("rentEpoch").asText()).isEqualTo("18446744073709551615");
        byte[] data = Base64.getDecoder().decode(value.get("data").get(0).asText());
        assertThat(data).hasSize(150);
        assertThat(HexFormat.of().formatHex(data, 0, 8)).isEqualTo("17b7f83760d8ac60");
        assertThat(value.get("lamports").asLong()).isEqualTo(1_934_880L + java.nio.ByteBuffer.wrap(data, 32, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());

        JsonNode sliced = rpc.result("getAccountInfo", key, config("encoding", "base58", "dataSlice", Map.of("offset", 8, "length", 16)));
        assertThat(Base58.decode(sliced.get("value").get("data").get(0).asText())).isEqualTo(java.util.Arrays.copyOfRange(data, 8, 24));
        assertThat(sliced.get("value").get("data").get(1).asText()).isEqualTo("base58");
        JsonNode tooBig = rpc.error("getAccountInfo", key);
        assertThat(tooBig.get("code").asInt()).isEqualTo(-32602);
        assertThat(tooBig.get("message").asText()).isEqualTo("Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.");
        assertThat(rpc.result("getAccountInfo", Base58.encode(filled(7)), config("encoding", "base64"))
                .get("value").isNull()).isTrue();
        assertThat(rpc.error("getAccountInfo", "abc").get("message").asText()).isEqualTo("Invalid param: WrongSize");

        JsonNode many = rpc.result("getMultipleAccounts", List.of(key, SolanaPrograms.PUMP_GLOBAL.base58(), Base58.encode(new byte[32])),
                config("encoding", "base64"));
        assertThat(many.get("value")).hasSize(3);
        assertThat(many.get("value").get(0)).isEqualTo(value);
        assertThat(many.get("value").get(1).get("owner").asText()).isEqualTo(PUMP);
        assertThat(many.get("value").get(2).isNull()).isTrue();
    }

    @Test
    void getProgramAccountsFiltersByDataSizeAndMemcmpAndSlicesData() {
        List<SimCurve> curves = sim.curves();
        // The market's curves are the processed tip's.
        JsonNode all = rpc.result("getProgramAccounts", PUMP, config("encoding", "base64", "commitment", "processed",
                "filters", List.of(Map.of("dataSize", 150))));
        assertThat(all.size()).isEqualTo(curves.size());
        SimCurve first = curves.getFirst();
        // creator is at offset 49 of a BondingCurve
        JsonNode byCreator = rpc.result("getProgramAccounts", PUMP, config("encoding", "base64", "withContext", true, "commitment", "processed",
                "dataSlice", Map.of("offset", 0, "length", 8),
                "filters", List.of(Map.of("dataSize", 150), Map.of("memcmp", Map.of("offset", 49, "bytes", first.creator().base58())))));
        assertThat(byCreator.get("context").get("slot").asLong()).isEqualTo(sim.slot(Commitment.PROCESSED));
        JsonNode found = byCreator.get("value");
        long expected = curves.stream().filter(c -> c.creator().equals(first.creator())).count();
        assertThat(found.size()).isEqualTo((int) expected);
        for (JsonNode f : found) {
            assertThat(Base64.getDecoder().decode(f.get("account").get("data").get(0).asText())).hasSize(8);
            assertThat(f.get("account").get("space").asInt()).isEqualTo(150);
        }
        JsonNode global = rpc.result("getProgramAccounts", PUMP, config("encoding", "base64",
                "filters", List.of(Map.of("memcmp", Map.of("offset", 0, "bytes", Base58.encode(HexFormat.of().parseHex("a7e8e8b1c86c727f")))))));
        assertThat(global).hasSize(1);
        assertThat(global.get(0).get("pubkey").asText()).isEqualTo(SolanaPrograms.PUMP_GLOBAL.base58());
        assertThat(rpc.error("getProgramAccounts", PUMP, config("filters", List.of(Map.of("dataSize", 1), Map.of("dataSize", 2),
                Map.of("dataSize", 3), Map.of("dataSize", 4), Map.of("dataSize", 5)))).get("message").asText())
                .isEqualTo("Too many filters provided; max 4");
    }

    @Test
    void healthVersionAndUnknownMethods() {
        assertThat(rpc.result("getHealth").asText()).isEqualTo("ok");
        JsonNode version = rpc.result("getVersion");
        assertThat(version.get("solana-core").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(version.get("feature-set").isNumber()).isTrue();
        JsonNode unknown = rpc.error("getNothing");
        assertThat(unknown.get("code").asInt()).isEqualTo(-32601);
        assertThat(unknown.get("message").asText()).isEqualTo("Method not found");
        assertThat(rpc.error("slotSubscribe").get("code").asInt()).as("no subscriptions over HTTP").isEqualTo(-32601);
        JsonNode parse = RpcClient.parse(rpc.post("{not json"));
        assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
        JsonNode batch = RpcClient.parse(rpc.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSlot\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"getBlockHeight\"}]"));
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).get("result").asLong()).isEqualTo(sim.slot(Commitment.FINALIZED));
    }
}
