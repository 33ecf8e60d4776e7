package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.sim.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Commitment levels, skipped slots, forks and pruning, as getSlot, getBlock, getBlocks and subscriptions show them. */
@Timeout(60)
class CommitmentAndForksTest {
    private static final Map<String, Object> CONFIRMED = Map.of("commitment", "confirmed", "maxSupportedTransactionVersion", 0);
    private static final Map<String, Object> FINALIZED = Map.of("commitment", "finalized", "maxSupportedTransactionVersion", 0);

    private SolanaSimulator sim;
    private RpcClient rpc;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(21));
        rpc = new RpcClient(sim.endpoint(0).httpUrl());
    }

    @AfterEach
    void close() {
        clients.forEach(WsClient::close);
        sim.close();
    }

    private WsClient connect() {
        WsClient c = WsClient.connect(sim.endpoint(0).wsUrl());
        clients.add(c);
        return c;
    }

    private long slot(String commitment) {
        return rpc.result("getSlot", Map.of("commitment", commitment)).asLong();
    }

    @Test
    void confirmedTrailsTheTipByTwoSlotsAndFinalizedByThirtyTwo() {
        sim.produceSlots(50);
        long tip = sim.slot(Commitment.PROCESSED);
        assertThat(slot("processed")).isEqualTo(tip);
        assertThat(slot("confirmed")).isEqualTo(tip - 2);
        assertThat(slot("finalized")).isEqualTo(tip - 32);
        assertThat(rpc.result("getSlot").asLong()).as("finalized by default").isEqualTo(tip - 32);
        assertThat(slot("recent")).as("deprecated names still work").isEqualTo(tip);
        JsonNode bad = rpc.error("getSlot", Map.of("commitment", "soon"));
        assertThat(bad.get("code").asInt()).isEqualTo(-32602);
        assertThat(bad.get("message").asText()).contains("unknown variant `soon`");
        long height = rpc.result("getBlockHeight", Map.of("commitment", "processed")).asLong();
        assertThat(height).isEqualTo(sim.block(tip).orElseThrow().blockHeight());
        assertThat(rpc.result("getBlockHeight").asLong()).isEqualTo(height - 32);
        JsonNode notYet = rpc.error("getSlot", Map.of("commitment", "processed", "minContextSlot", tip + 5));
        assertThat(notYet.get("code").asInt()).isEqualTo(-32016);
        assertThat(notYet.get("data").get("contextSlot").asLong()).isEqualTo(tip);
    }

    @Test
    void getBlockServesEachSlotOnlyOnceItReachesTheAskedCommitment() {
        sim.produceSlots(40);
        long tip = sim.slot(Commitment.PROCESSED);
        long confirmed = sim.slot(Commitment.CONFIRMED);
        long finalized = sim.slot(Commitment.FINALIZED);
        JsonNode processed = rpc.error("getBlock", tip, Map.of("commitment", "processed"));
        assertThat(processed.get("code").asInt()).isEqualTo(-32602);
        assertThat(processed.get("message").asText()).isEqualTo("Method does not support commitment below `confirmed`");
        JsonNode tipError = rpc.error("getBlock", tip, CONFIRMED);
        assertThat(tipError.get("code").asInt()).isEqualTo(-32004);
        assertThat(tipError.get("message").asText()).isEqualTo("Block not available for slot " + tip);
        assertThat(rpc.result("getBlock", confirmed, CONFIRMED).get("blockhash").asText())
                .isEqualTo(sim.block(confirmed).orElseThrow().blockhash());
        assertThat(rpc.error("getBlock", confirmed, FINALIZED).get("code").asInt()).isEqualTo(-32004);
        assertThat(rpc.result("getBlock", finalized, FINALIZED).get("blockhash").asText())
                .isEqualTo(sim.block(finalized).orElseThrow().blockhash());
        assertThat(rpc.error("getBlock", tip + 100, CONFIRMED).get("code").asInt()).isEqualTo(-32004);
    }

    @Test
    void aSkippedSlotIsUnavailableUntilFinalizedAndThenReportedSkipped() {
        sim.produceSlots(5);
        long skipped = sim.skipSlots(1).getFirst().slot();
        assertThat(sim.productionRecord().status(skipped)).isEqualTo(ProductionRecord.SlotStatus.SKIPPED);
        sim.produceSlots(5);
        assertThat(skipped).isLessThan(sim.slot(Commitment.CONFIRMED));
        assertThat(rpc.error("getBlock", skipped, CONFIRMED).get("code").asInt()).isEqualTo(-32004);
        assertThat(sim.block(skipped + 1).orElseThrow().parentSlot()).isEqualTo(skipped - 1);
        sim.produceSlots(40);
        JsonNode error = rpc.error("getBlock", skipped, FINALIZED);
        assertThat(error.get("code").asInt()).isEqualTo(-32007);
        assertThat(error.get("message").asText()).isEqualTo("Slot " + skipped + " was skipped, or missing due to ledger jump to recent snapshot");
        List<Long> blocks = new ArrayList<>();
        rpc.result("getBlocks", skipped - 3, skipped + 3).forEach(s -> blocks.add(s.asLong()));
        assertThat(blocks).containsExactly(skipped - 3, skipped - 2, skipped - 1, skipped + 1, skipped + 2, skipped + 3);
        List<Long> limited = new ArrayList<>();
        rpc.result("getBlocksWithLimit", skipped - 1, 2).forEach(s -> limited.add(s.asLong()));
        assertThat(limited).containsExactly(skipped - 1, skipped + 1);
    }

    @Test
    void aForkedBlockIsAnnouncedAtProcessedButNeverConfirmed() {
        WsClient slots = connect();
        long slotSub = slots.subscribeTo("slotSubscribe");
        WsClient confirmedLogs = connect();
        long logSub = confirmedLogs.subscribeTo("logsSubscribe", "all", Map.of("commitment", "confirmed"));
        sim.produceSlots(5);
        long doomedSlot = sim.slot(Commitment.PROCESSED);
        SimSolanaBlock doomed = sim.block(doomedSlot).orElseThrow();
        assertThat(doomed.transactions()).isNotEmpty();

        ForkOutcome fork = sim.fork(1);
        assertThat(fork.abandonedSlots()).containsExactly(doomedSlot);
        assertThat(fork.next().slot()).isEqualTo(doomedSlot + 1);
        assertThat(sim.block(fork.next().slot()).orElseThrow().parentSlot()).isEqualTo(doomed.parentSlot());
        assertThat(sim.isCanonical(doomedSlot)).isFalse();
        sim.produceSlots(40);

        Set<Long> announced = new HashSet<>();
        JsonNode n;
        while ((n = slots.poll(Duration.ofMillis(300))) != null) {
            JsonNode r = n.get("params").get("result");
            assertThat(n.get("params").get("subscription").asLong()).isEqualTo(slotSub);
            announced.add(r.get("slot").asLong());
        }
        assertThat(announced).as("processed saw the doomed block and its replacement").contains(doomedSlot, doomedSlot + 1);

        Set<String> confirmedSignatures = new HashSet<>();
        while ((n = confirmedLogs.poll(Duration.ofMillis(300))) != null) {
            assertThat(n.get("params").get("subscription").asLong()).isEqualTo(logSub);
            confirmedSignatures.add(n.get("params").get("result").get("value").get("signature").asText());
        }
        assertThat(confirmedSignatures).isNotEmpty();
        for (SimSolanaTransaction t : doomed.transactions()) {
            assertThat(confirmedSignatures).doesNotContain(t.signature());
            assertThat(rpc.result("getTransaction", t.signature(), CONFIRMED).isNull()).isTrue();
        }
        assertThat(rpc.error("getBlock", doomedSlot, FINALIZED).get("code").asInt()).as("abandoned reads as skipped once finalized")
                .isEqualTo(-32007);
        assertThat(sim.productionRecord().status(doomedSlot)).isEqualTo(ProductionRecord.SlotStatus.ABANDONED);
    }

    @Test
    void aForkCannotReachConfirmedBlocks() {
        sim.produceSlots(10);
        assertThatThrownBy(() -> sim.fork(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fork depth: need 1..2");
        assertThat(sim.fork(2).abandonedSlots()).hasSize(2);
    }

    @Test
    void randomSkipsAndForksAreAllInTheProductionRecord() {
        SolanaSimConfig config = SolanaSimConfig.manual(22).withSkipRate(0.2).withForkRate(0.15).withEndpoints(1);
        try (SolanaSimulator busy = SolanaSimulator.start(config)) {
            busy.produceSlots(300);
            ProductionRecord record = busy.productionRecord();
            assertThat(record.count(ProductionRecord.SlotStatus.SKIPPED)).isPositive();
            assertThat(record.count(ProductionRecord.SlotStatus.ABANDONED)).isPositive();
            assertThat(record.lastSlot() - record.firstSlot() + 1).isEqualTo(record.count(ProductionRecord.SlotStatus.PRODUCED)
                    + record.count(ProductionRecord.SlotStatus.SKIPPED) + record.count(ProductionRecord.SlotStatus.ABANDONED));
            RpcClient client = new RpcClient(busy.endpoint(0).httpUrl());
            long finalized = busy.slot(Commitment.FINALIZED);
            List<Long> served = new ArrayList<>();
            client.result("getBlocks", record.firstSlot(), finalized).forEach(s -> served.add(s.asLong()));
            List<Long> produced = record.slots(ProductionRecord.SlotStatus.PRODUCED).stream().filter(s -> s <= finalized).toList();
            assertThat(served).isEqualTo(produced);
            for (long s : served) {
                int genuine = 0;
                for (SimSolanaTransaction t : busy.block(s).orElseThrow().transactions()) {
                    genuine += t.failed() ? 0 : (int) t.events().stream().filter(PumpEvent::isGenuine).count();
                }
                assertThat(record.pumpEvents(s)).isEqualTo(genuine);
            }
        }
    }

    @Test
    void oldBlocksAreCleanedUpLikeANodesLedger() {
        SolanaSimConfig config = SolanaSimConfig.manual(23).withHistorySlots(32 + SolanaSimConfig.MIN_HISTORY_BEYOND_FINALIZED).withEndpoints(1);
        try (SolanaSimulator small = SolanaSimulator.start(config)) {
            small.produceSlots(300);
            RpcClient client = new RpcClient(small.endpoint(0).httpUrl());
            long first = client.result("getFirstAvailableBlock").asLong();
            assertThat(first).isGreaterThan(config.startSlot());
            JsonNode gone = client.error("getBlock", config.startSlot(), FINALIZED);
            assertThat(gone.get("code").asInt()).isEqualTo(-32001);
            assertThat(gone.get("message").asText()).isEqualTo("Block " + config.startSlot()
                    + " cleaned up, does not exist on node. First available block: " + first);
            assertThat(client.result("getBlock", first, FINALIZED).get("parentSlot").asLong()).isEqualTo(first - 1);
        }
    }
}
