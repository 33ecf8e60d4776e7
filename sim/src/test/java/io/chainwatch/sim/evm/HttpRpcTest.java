package io.chainwatch.sim.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.sim.evm.internal.LogsBloom;
import io.chainwatch.sim.testing.RpcClient;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JSON-RPC over HTTP against a real loopback port, checked against the simulator's ground truth. */
@Timeout(60)
class HttpRpcTest {
    private static final Pattern QUANTITY = Pattern.compile("0x(0|[1-9a-f][0-9a-f]*)");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern DATA = Pattern.compile("0x([0-9a-f]{64})*");
    private static final List<String> LOG_FIELDS = List.of("address", "topics", "data", "blockNumber", "transactionHash",
            "transactionIndex", "blockHash", "logIndex", "removed");

    private EvmSimulator sim;
    private RpcClient rpc;

    private void start(SimConfig config) {
        sim = EvmSimulator.start(config);
        rpc = new RpcClient(sim.endpoint(0).httpUrl());
    }

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private static Map<String, Object> filter(Object... keyValues) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        return f;
    }

    private List<JsonNode> allLogs() {
        List<JsonNode> out = new ArrayList<>();
        rpc.result("eth_getLogs", filter("fromBlock", "earliest", "toBlock", "latest")).forEach(out::add);
        return out;
    }

    private static BigInteger word(JsonNode log, int index) {
        String data = log.get("data").asText();
        return new BigInteger(data.substring(2 + 64 * index, 2 + 64 * (index + 1)), 16);
    }

    @Test
    void logsAreEncodedExactlyAsGethReturnsThem() {
        start(SimConfig.manual(11).withEndpoints(1));
        sim.mineBlocks(10);
        List<JsonNode> logs = allLogs();
        assertThat(logs).hasSize((int) sim.canonicalLogCount());
        long block = -1;
        int expectedIndex = 0;
        for (JsonNode log : logs) {
            List<String> fields = new ArrayList<>();
            log.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(LOG_FIELDS);
            assertThat(log.get("address").asText()).matches(ADDRESS);
            log.get("topics").forEach(t -> assertThat(t.asText()).matches(HASH));
            assertThat(log.get("data").asText()).matches(DATA);
            for (String q : List.of("blockNumber", "transactionIndex", "logIndex")) {
                assertThat(log.get(q).asText()).matches(QUANTITY);
            }
            assertThat(log.get("transactionHash").asText()).matches(HASH);
            assertThat(log.get("removed").isBoolean()).isTrue();
            assertThat(log.get("removed").asBoolean()).isFalse();
            long n = Long.decode(log.get("blockNumber").asText());
            expectedIndex = n == block ? expectedIndex + 1 : 0;
            block = n;
            assertThat(Long.decode(log.get("logIndex").asText())).isEqualTo(expectedIndex);
            assertThat(log.get("blockHash").asText()).isEqualTo(sim.canonicalBlock(n).orElseThrow().hash().hex());
        }
    }

    @Test
    void swapsFollowTheConstantProductWithTheFeeAndKNeverDecreasesAcrossSwaps() {
        start(SimConfig.manual(12).withEndpoints(1).withSwapsPerBlock(8));
        sim.mineBlocks(60);
        Map<String, BigInteger[]> reserves = new HashMap<>();
        BigInteger[] beforeLastSync = null;
        JsonNode previous = null;
        int swaps = 0;
        for (JsonNode log : allLogs()) {
            String topic0 = log.get("topics").get(0).asText();
            String pair = log.get("address").asText();
            if (topic0.equals(UniswapV2Events.SYNC.hex())) {
                beforeLastSync = reserves.get(pair);
                reserves.put(pair, new BigInteger[] {word(log, 0), word(log, 1)});
            }
            if (topic0.equals(UniswapV2Events.MINT.hex()) || topic0.equals(UniswapV2Events.BURN.hex())) {
                assertThat(previous.get("topics").get(0).asText()).isEqualTo(UniswapV2Events.SYNC.hex());
                assertThat(previous.get("transactionHash")).isEqualTo(log.get("transactionHash"));
            }
            if (topic0.equals(UniswapV2Events.SWAP.hex())) {
                swaps++;
                // The pair emitted Sync (from _update) right before Swap, in the same transaction.
                assertThat(previous.get("topics").get(0).asText()).isEqualTo(UniswapV2Events.SYNC.hex());
                assertThat(previous.get("address").asText()).isEqualTo(pair);
                assertThat(previous.get("transactionHash")).isEqualTo(log.get("transactionHash"));
                BigInteger[] before = beforeLastSync;
                BigInteger[] after = reserves.get(pair);
                BigInteger in0 = word(log, 0);
                BigInteger in1 = word(log, 1);
                BigInteger out0 = word(log, 2);
                BigInteger out1 = word(log, 3);
                boolean zeroForOne = in0.signum() > 0;
                BigInteger amountIn = zeroForOne ? in0 : in1;
                BigInteger reserveIn = zeroForOne ? before[0] : before[1];
                BigInteger reserveOut = zeroForOne ? before[1] : before[0];
                BigInteger expectedOut = amountIn.multiply(BigInteger.valueOf(997)).multiply(reserveOut)
                        .divide(reserveIn.multiply(BigInteger.valueOf(1000)).add(amountIn.multiply(BigInteger.valueOf(997))));
                assertThat(zeroForOne ? out1 : out0).isEqualTo(expectedOut);
                assertThat(zeroForOne ? out0 : in0).isZero();
                assertThat(zeroForOne ? in1 : out1).isZero();
                assertThat(after[0]).isEqualTo(before[0].add(in0).subtract(out0));
                assertThat(after[1]).isEqualTo(before[1].add(in1).subtract(out1));
                assertThat(after[0].multiply(after[1])).isGreaterThan(before[0].multiply(before[1]));
            }
            previous = log;
        }
        assertThat(swaps).isEqualTo(60 * 8);
    }

    @Test
    void getReservesViaEthCallMatchesTheLastSyncAtTheHeadAndAtAnOlderBlock() {
        start(SimConfig.manual(13).withEndpoints(1));
        sim.mineBlocks(20);
        Map<String, JsonNode> lastSync = new HashMap<>();
        for (JsonNode log : allLogs()) {
            if (log.get("topics").get(0).asText().equals(UniswapV2Events.SYNC.hex())) {
                lastSync.put(log.get("address").asText(), log);
            }
        }
        for (SimPair pair : sim.pairs()) {
            String result = rpc.result("eth_call", Map.of("to", pair.pair().hex(), "data", UniswapV2Events.GET_RESERVES_SELECTOR), "latest").asText();
            JsonNode sync = lastSync.get(pair.pair().hex());
            assertThat(result).hasSize(2 + 3 * 64);
            assertThat(result.substring(0, 2 + 128)).isEqualTo(sync.get("data").asText());
            long syncBlock = Long.decode(sync.get("blockNumber").asText());
            long timestamp = Long.parseLong(result.substring(2 + 128), 16);
            assertThat(timestamp).isEqualTo(sim.canonicalBlock(syncBlock).orElseThrow().timestamp() & 0xFFFF_FFFFL);

            Reserves atFive = sim.reservesAt(pair.pair(), 5).orElseThrow();
            String old = rpc.result("eth_call", Map.of("to", pair.pair().hex(), "input", "0x0902f1ac"), "0x5").asText();
            assertThat(U256.at(old, 2).toBigInteger()).isEqualTo(atFive.reserve0());
            assertThat(U256.at(old, 66).toBigInteger()).isEqualTo(atFive.reserve1());
        }
        assertThat(rpc.result("eth_call", Map.of("to", sim.pairs().getFirst().pair().hex(), "data", "0x0902f1ac"), "0x0").asText())
                .as("no contract before the pair is created").isEqualTo("0x");
        assertThat(rpc.error("eth_call", Map.of("to", sim.pairs().getFirst().pair().hex(), "data", "0x12345678"), "latest")
                .get("message").asText()).isEqualTo("execution reverted");
    }

    @Test
    void getLogsFiltersByAddressListAndTopicAlternativesWithWildcards() {
        start(SimConfig.manual(14).withEndpoints(1));
        sim.mineBlocks(30);
        List<JsonNode> all = allLogs();
        String p0 = sim.pairs().get(0).pair().hex();
        String p1 = sim.pairs().get(1).pair().hex();

        JsonNode byAddress = rpc.result("eth_getLogs", filter("fromBlock", "0x0", "toBlock", "latest", "address", List.of(p0, p1)));
        assertThat(byAddress.size()).isPositive()
                .isEqualTo((int) all.stream().filter(l -> List.of(p0, p1).contains(l.get("address").asText())).count());

        List<Object> syncOrMint = List.of(List.of(UniswapV2Events.SYNC.hex(), UniswapV2Events.MINT.hex()));
        JsonNode alternatives = rpc.result("eth_getLogs", filter("fromBlock", "0x0", "topics", syncOrMint));
        assertThat(alternatives.size()).isEqualTo((int) all.stream().filter(l -> List.of(UniswapV2Events.SYNC.hex(),
                UniswapV2Events.MINT.hex()).contains(l.get("topics").get(0).asText())).count());

        JsonNode firstSwap = all.stream().filter(l -> l.get("topics").get(0).asText().equals(UniswapV2Events.SWAP.hex()))
                .findFirst().orElseThrow();
        String to = firstSwap.get("topics").get(2).asText();
        List<Object> wildcardThenTo = new ArrayList<>();
        wildcardThenTo.add(null);
        wildcardThenTo.add(null);
        wildcardThenTo.add(to);
        JsonNode byRecipient = rpc.result("eth_getLogs", filter("fromBlock", "0x0", "topics", wildcardThenTo));
        assertThat(byRecipient.size()).isPositive().isEqualTo((int) all.stream()
                .filter(l -> l.get("topics").size() >= 3 && l.get("topics").get(2).asText().equals(to)).count());
        byRecipient.forEach(l -> assertThat(l.get("topics").size()).isGreaterThanOrEqualTo(3));

        long n = Long.decode(firstSwap.get("blockNumber").asText());
        JsonNode oneBlock = rpc.result("eth_getLogs", filter("blockHash", firstSwap.get("blockHash").asText()));
        assertThat(oneBlock.size()).isEqualTo(sim.canonicalBlock(n).orElseThrow().logs().size());
    }

    @Test
    void getLogsBeyondTheRangeOrResultLimitAnswersMinus32005() {
        start(SimConfig.manual(15).withEndpoints(1).withLimits(new RpcLimits(100, 50, 1024)));
        sim.mineBlocks(150);
        JsonNode tooWide = rpc.error("eth_getLogs", filter("fromBlock", "0x0", "toBlock", "latest", "address", sim.pairs().getFirst().pair().hex()));
        assertThat(tooWide.get("code").asInt()).isEqualTo(-32005);
        assertThat(tooWide.get("message").asText()).isEqualTo("exceed maximum block range: 100");
        JsonNode tooMany = rpc.error("eth_getLogs", filter("fromBlock", "0x32", "toBlock", "0x95"));
        assertThat(tooMany.get("code").asInt()).isEqualTo(-32005);
        assertThat(tooMany.get("message").asText()).startsWith("query returned more than 50 results. Try with this block range [0x32, 0x");
        assertThat(rpc.result("eth_getLogs", filter("fromBlock", "0x32", "toBlock", "0x36")).size()).isEqualTo(
                (int) canonicalLogs(0x32, 0x36));
    }

    @Test
    void getBlockByNumberResolvesTagsAndAnswersGethHeaderFields() {
        start(SimConfig.manual(16).withEndpoints(1));
        sim.mineBlocks(100);
        SimBlock head = sim.head();
        JsonNode latest = rpc.result("eth_getBlockByNumber", "latest", false);
        assertThat(latest.get("hash").asText()).isEqualTo(head.hash().hex());
        assertThat(latest.get("parentHash").asText()).isEqualTo(head.parentHash().hex());
        assertThat(latest.get("number").asText()).isEqualTo("0x" + Long.toHexString(head.number()));
        assertThat(latest.get("timestamp").asText()).isEqualTo("0x" + Long.toHexString(head.timestamp()));
        assertThat(latest.get("logsBloom").asText()).hasSize(2 + 512);
        assertThat(latest.get("transactions")).hasSize(head.transactions().size());
        latest.get("transactions").forEach(tx -> assertThat(tx.asText()).matches(HASH));
        for (SimLog log : head.logs()) {
            assertThat(LogsBloom.mayContain(latest.get("logsBloom").asText(), log.address())).isTrue();
            log.topics().forEach(t -> assertThat(LogsBloom.mayContain(latest.get("logsBloom").asText(), t)).isTrue());
        }
        List<String> keys = new ArrayList<>();
        latest.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isSorted();

        assertThat(rpc.result("eth_getBlockByNumber", "earliest", false).get("number").asText()).isEqualTo("0x0");
        assertThat(rpc.result("eth_getBlockByNumber", "safe", false).get("number").asText()).isEqualTo("0x" + Long.toHexString(head.number() - 32));
        assertThat(rpc.result("eth_getBlockByNumber", "finalized", false).get("number").asText()).isEqualTo("0x" + Long.toHexString(head.number() - 64));
        assertThat(rpc.result("eth_getBlockByNumber", "0x5", false).get("hash").asText()).isEqualTo(sim.canonicalBlock(5).orElseThrow().hash().hex());
        assertThat(rpc.result("eth_getBlockByNumber", "0x" + Long.toHexString(head.number() + 1), false).isNull()).isTrue();

        JsonNode full = rpc.result("eth_getBlockByNumber", "latest", true);
        assertThat(full.get("transactions").get(0).get("hash").asText()).isEqualTo(head.transactions().getFirst().hash().hex());
        assertThat(full.get("transactions").get(0).get("blockHash").asText()).isEqualTo(head.hash().hex());

        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo("0x" + Long.toHexString(head.number()));
        assertThat(rpc.result("eth_chainId").asText()).isEqualTo("0x1");
        assertThat(rpc.result("net_version").asText()).isEqualTo("1");
        assertThat(rpc.result("eth_syncing").asBoolean(true)).isFalse();
    }

    @Test
    void getBlockByHashFindsOrphanedBlocks() {
        start(SimConfig.manual(17).withEndpoints(1));
        sim.mineBlocks(6);
        Reorg reorg = sim.reorg(3);
        for (SimBlock orphan : reorg.orphaned()) {
            JsonNode byHash = rpc.result("eth_getBlockByHash", orphan.hash().hex(), false);
            assertThat(byHash.get("hash").asText()).isEqualTo(orphan.hash().hex());
            assertThat(byHash.get("number").asText()).isEqualTo("0x" + Long.toHexString(orphan.number()));
            JsonNode byNumber = rpc.result("eth_getBlockByNumber", "0x" + Long.toHexString(orphan.number()), false);
            assertThat(byNumber.get("hash").asText()).isNotEqualTo(orphan.hash().hex());
            JsonNode orphanLogs = rpc.result("eth_getLogs", filter("blockHash", orphan.hash().hex()));
            assertThat(orphanLogs.size()).isEqualTo(orphan.logs().size());
        }
        assertThat(rpc.result("eth_getBlockByHash", Hash32.ZERO.hex(), false).isNull()).isTrue();
    }

    @Test
    void batchRequestsAnswerEveryCallInOneArray() {
        start(SimConfig.manual(18).withEndpoints(1));
        String body = "[" + RpcClient.request(1, "eth_blockNumber") + "," + RpcClient.request(2, "eth_chainId") + ","
                + RpcClient.request(3, "eth_nope") + "," + RpcClient.request(4, "eth_getBlockByNumber", "0x1", false) + "]";
        JsonNode answers = RpcClient.parse(rpc.post(body));
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(4);
        Iterator<JsonNode> it = answers.iterator();
        assertThat(it.next().get("result").asText()).isEqualTo("0x1");
        assertThat(it.next().get("result").asText()).isEqualTo("0x1");
        JsonNode third = it.next();
        assertThat(third.get("id").asInt()).isEqualTo(3);
        assertThat(third.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(it.next().get("result").get("hash").asText()).isEqualTo(sim.canonicalBlock(1).orElseThrow().hash().hex());
        assertThat(RpcClient.parse(rpc.post("[]")).get("error").get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void unknownMethodsAndBadParamsAnswerTheirJsonRpcErrors() {
        start(SimConfig.manual(19).withEndpoints(1));
        JsonNode unknown = rpc.error("eth_doesNotExist");
        assertThat(unknown.get("code").asInt()).isEqualTo(-32601);
        assertThat(unknown.get("message").asText()).isEqualTo("the method eth_doesNotExist does not exist/is not available");

        JsonNode leadingZero = rpc.error("eth_getBlockByNumber", "0x01", false);
        assertThat(leadingZero.get("code").asInt()).isEqualTo(-32602);
        assertThat(leadingZero.get("message").asText()).isEqualTo("invalid argument 0: hex number with leading zero digits");
        assertThat(rpc.error("eth_getBlockByNumber", "latest").get("message").asText()).isEqualTo("missing value for required argument 1");
        assertThat(rpc.error("eth_getLogs", filter("address", "0x12")).get("code").asInt()).isEqualTo(-32602);
        assertThat(rpc.error("eth_getLogs", filter("blockHash", Hash32.ZERO.hex(), "fromBlock", "0x1")).get("code").asInt()).isEqualTo(-32602);
        assertThat(rpc.error("eth_getBlockByHash", "0x1234", false).get("code").asInt()).isEqualTo(-32602);
        assertThat(rpc.error("eth_blockNumber", "extra").get("message").asText()).isEqualTo("too many arguments, want at most 0");
        assertThat(rpc.error("eth_subscribe", "newHeads").get("message").asText()).isEqualTo("notifications not supported");
        JsonNode parse = RpcClient.parse(rpc.post("{not json"));
        assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
        assertThat(parse.get("id").isNull()).isTrue();
    }

    /** Canonical logs of a block range, from the ground truth. */
    private long canonicalLogs(long from, long to) {
        long sum = 0;
        for (long n = from; n <= to; n++) {
            sum += sim.canonicalBlock(n).orElseThrow().logs().size();
        }
        return sum;
    }

    @Test
    void addressesInTopicsAndDataArePaddedWords() {
        start(SimConfig.manual(20).withEndpoints(1));
        sim.mineBlock();
        for (JsonNode log : allLogs()) {
            if (log.get("topics").get(0).asText().equals(UniswapV2Events.SWAP.hex())) {
                assertThat(Address.fromWord(log.get("topics").get(1).asText(), 2)).isNotNull();
                assertThat(log.get("data").asText()).hasSize(2 + 4 * 64);
            }
        }
    }
}
