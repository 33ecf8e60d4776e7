package io.chainwatch.sim.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.sim.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** eth_subscribe over real loopback WebSockets, checked against the simulator's ground truth. */
@Timeout(60)
class WebSocketRpcTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final List<String> HEADER_FIELDS = List.of("parentHash", "sha3Uncles", "miner", "stateRoot",
            "transactionsRoot", "receiptsRoot", "logsBloom", "difficulty", "number", "gasLimit", "gasUsed", "timestamp",
            "extraData", "mixHash", "nonce", "baseFeePerGas", "hash");

    private EvmSimulator sim;
    private final List<WsClient> clients = new ArrayList<>();

    private WsClient connect() {
        WsClient c = WsClient.connect(sim.endpoint(0).wsUrl());
        clients.add(c);
        return c;
    }

    @AfterEach
    void close() {
        clients.forEach(WsClient::close);
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void newHeadsDeliversEveryBlockInOrderInGethsFormat() {
        sim = EvmSimulator.start(SimConfig.manual(21).withEndpoints(1));
        WsClient ws = connect();
        String sub = ws.subscribe("newHeads");
        assertThat(sub).matches("0x[1-9a-f][0-9a-f]*");
        long first = sim.head().number() + 1;
        for (int i = 0; i < 10; i++) {
            sim.mineBlock();
        }
        sim.mineBlocks(40);
        String parent = sim.canonicalBlock(first - 1).orElseThrow().hash().hex();
        for (long n = first; n < first + 50; n++) {
            JsonNode head = ws.nextResult(sub);
            List<String> fields = new ArrayList<>();
            head.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(HEADER_FIELDS);
            assertThat(head.get("number").asText()).isEqualTo("0x" + Long.toHexString(n));
            assertThat(head.get("parentHash").asText()).isEqualTo(parent);
            assertThat(head.get("hash").asText()).isEqualTo(sim.canonicalBlock(n).orElseThrow().hash().hex());
            parent = head.get("hash").asText();
        }
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void logsSubscriptionDeliversExactlyTheMatchingLogs() {
        sim = EvmSimulator.start(SimConfig.manual(22).withEndpoints(1));
        SimPair pair = sim.pairs().get(2);
        WsClient ws = connect();
        String sub = ws.subscribe("logs", Map.of("address", pair.pair().hex(), "topics", List.of(UniswapV2Events.SYNC.hex())));
        List<SimBlock> blocks = sim.mineBlocks(30);
        List<SimLog> expected = blocks.stream().flatMap(b -> b.logs().stream())
                .filter(l -> l.address().equals(pair.pair()) && l.topic0().equals(UniswapV2Events.SYNC)).toList();
        assertThat(expected).isNotEmpty();
        for (SimLog log : expected) {
            JsonNode got = ws.nextResult(sub);
            assertThat(got.get("transactionHash").asText()).isEqualTo(log.transactionHash().hex());
            assertThat(got.get("logIndex").asText()).isEqualTo("0x" + Integer.toHexString(log.logIndex()));
            assertThat(got.get("data").asText()).isEqualTo(log.dataHex());
            assertThat(got.get("removed").asBoolean(true)).isFalse();
        }
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void reorgSendsTheOrphanedLogsAgainAsRemovedThenTheNewHeadsAndLogs() {
        sim = EvmSimulator.start(SimConfig.manual(23).withEndpoints(1));
        sim.mineBlocks(5);
        WsClient heads = connect();
        WsClient logs = connect();
        String headSub = heads.subscribe("newHeads");
        String logSub = logs.subscribe("logs", Map.of());
        Reorg reorg = sim.reorg(2, 3);

        for (SimBlock adopted : reorg.adopted()) {
            JsonNode head = heads.nextResult(headSub);
            assertThat(head.get("hash").asText()).isEqualTo(adopted.hash().hex());
            assertThat(head.get("number").asText()).isEqualTo("0x" + Long.toHexString(adopted.number()));
        }
        for (SimBlock orphan : reorg.orphaned()) {
            for (SimLog log : orphan.logs()) {
                JsonNode got = logs.nextResult(logSub);
                assertThat(got.get("removed").asBoolean()).isTrue();
                assertThat(got.get("blockHash").asText()).isEqualTo(orphan.hash().hex());
                assertThat(got.get("transactionHash").asText()).isEqualTo(log.transactionHash().hex());
            }
        }
        for (SimBlock adopted : reorg.adopted()) {
            for (SimLog log : adopted.logs()) {
                JsonNode got = logs.nextResult(logSub);
                assertThat(got.get("removed").asBoolean()).isFalse();
                assertThat(got.get("blockHash").asText()).isEqualTo(adopted.hash().hex());
                assertThat(got.get("logIndex").asText()).isEqualTo("0x" + Integer.toHexString(log.logIndex()));
            }
        }
        assertThat(logs.drainUntilQuiet(QUIET)).isEmpty();
        assertThat(heads.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void unsubscribeStopsNotificationsAndCallsWorkOverTheSameSocket() {
        sim = EvmSimulator.start(SimConfig.manual(24).withEndpoints(1));
        WsClient ws = connect();
        String sub = ws.subscribe("newHeads");
        sim.mineBlock();
        ws.nextResult(sub);
        assertThat(ws.call("eth_unsubscribe", sub).get("result").asBoolean()).isTrue();
        assertThat(ws.call("eth_unsubscribe", sub).get("result").asBoolean()).isFalse();
        sim.mineBlocks(3);
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
        assertThat(ws.call("eth_blockNumber").get("result").asText()).isEqualTo("0x" + Long.toHexString(sim.head().number()));
        assertThat(ws.call("eth_subscribe", "newPendingTransactions").get("error").get("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void batchRequestsWorkOverWebSocket() {
        sim = EvmSimulator.start(SimConfig.manual(25).withEndpoints(1));
        WsClient ws = connect();
        ws.sendText("[" + RpcClient.request(1, "eth_chainId") + "," + RpcClient.request(2, "net_version") + "]");
        JsonNode answer = ws.next();
        assertThat(answer.isArray()).isTrue();
        assertThat(answer.get(0).get("result").asText()).isEqualTo("0x1");
        assertThat(answer.get(1).get("result").asText()).isEqualTo("1");
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedAndCountedInsteadOfBufferedWithoutBound() {
        sim = EvmSimulator.start(SimConfig.manual(26).withEndpoints(1).withSwapsPerBlock(200)
                .withLimits(new RpcLimits(10_000, 10_000, 64)));
        WsClient stuck = WsClient.connectWithoutReading(sim.endpoint(0).wsUrl());
        clients.add(stuck);
        stuck.sendText(RpcClient.request(1, "eth_subscribe", "logs", Map.of()).toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !stuck.drain().isEmpty());
        WsClient healthy = connect();
        String sub = healthy.subscribe("newHeads");
        for (int i = 0; i < 500 && sim.endpoint(0).stats().slowSubscribersDisconnected() == 0; i++) {
            sim.mineBlock();
        }
        assertThat(sim.endpoint(0).stats().slowSubscribersDisconnected()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.endpoint(0).stats().openConnections() == 1);
        healthy.drain();
        sim.mineBlock();
        assertThat(healthy.nextResult(sub).get("hash").asText()).isEqualTo(sim.head().hash().hex());
    }
}
