package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateBlockMeta;
import io.chainwatch.geyser.proto.SubscribeUpdateTransaction;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionInfo;
import io.chainwatch.geyser.proto.SubscribeUpdateTransactionStatus;
import io.chainwatch.geyser.proto.storage.CompiledInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstruction;
import io.chainwatch.geyser.proto.storage.InnerInstructions;
import io.chainwatch.geyser.proto.storage.Message;
import io.chainwatch.geyser.proto.storage.TransactionStatusMeta;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.solana.Base58;
import io.grpc.ManagedChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transaction updates of Geyser streams: exactly the transactions of the blocks that the filters
 * select (include, exclude, required, signature, failed, vote), with the filter names they matched,
 * and the bytes, logs, balances and errors that getBlock serves for them.
 */
@Timeout(60)
class GeyserTransactionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PUMP = SolanaPrograms.PUMP.base58();

    private SolanaSimulator sim;
    private ManagedChannel channel;
    private final List<GrpcSubscription> streams = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(51));
        channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
    }

    @AfterEach
    void close() {
        streams.forEach(GrpcSubscription::close);
        GrpcSubscription.close(channel);
        sim.close();
    }

    /** Opens a stream and waits until the server has taken its filters. */
    private GrpcSubscription subscribe(SubscribeRequest request) throws InterruptedException {
        GrpcSubscription s = GrpcSubscription.open(channel, request);
        streams.add(s);
        s.sync(WAIT);
        return s;
    }

    private static SubscribeRequest.Builder request() {
        return SubscribeRequest.newBuilder();
    }

    private static SubscribeRequestFilterTransactions mentioning(String key) {
        return SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(key).build();
    }

    private static boolean isMetaOf(SubscribeUpdate u, long slot) {
        return u.hasBlockMeta() && u.getBlockMeta().getSlot() == slot;
    }

    @Test
    void pumpTransactionsAreExactlyThoseOfTheBlocksWithTheBytesAndMetaGetBlockServes() throws Exception {
        GrpcSubscription s = subscribe(request().putTransactions("pump", mentioning(PUMP))
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(20);
        long last = outcomes.getLast().slot();
        List<SubscribeUpdate> updates = s.takeUntil(u -> isMetaOf(u, last), WAIT);

        List<SimSolanaTransaction> all = new ArrayList<>();
        outcomes.forEach(o -> all.addAll(sim.block(o.slot()).orElseThrow().transactions()));
        List<SimSolanaTransaction> pump = all.stream().filter(t -> t.accountKeys().contains(SolanaPrograms.PUMP)).toList();
        assertThat(pump).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(pump).as("some failed transactions to compare errors with").anyMatch(SimSolanaTransaction::failed);
        List<SubscribeUpdate> txUpdates = updates.stream().filter(SubscribeUpdate::hasTransaction).toList();
        assertThat(txUpdates).allSatisfy(u -> assertThat(u.getFiltersList()).containsExactly("pump"));
        List<SubscribeUpdateTransaction> txs = txUpdates.stream().map(SubscribeUpdate::getTransaction).toList();
        assertThat(txs).extracting(t -> Base58.encode(t.getTransaction().getSignature().toByteArray()))
                .containsExactlyElementsOf(pump.stream().map(SimSolanaTransaction::signature).toList());
        for (int i = 0; i < pump.size(); i++) {
            SimSolanaTransaction expected = pump.get(i);
            SubscribeUpdateTransaction got = txs.get(i);
            assertThat(got.getSlot()).isEqualTo(expected.slot());
            assertThat(got.getTransaction().getIndex()).isEqualTo(expected.index());
            assertThat(got.getTransaction().getIsVote()).isFalse();
            assertThat(got.getTransaction().getMeta().getLogMessagesList()).containsExactlyElementsOf(expected.logMessages());
            assertThat(got.getTransaction().getMeta().hasErr()).isEqualTo(expected.failed());
        }
        List<SubscribeUpdateBlockMeta> metas = updates.stream().filter(SubscribeUpdate::hasBlockMeta).map(SubscribeUpdate::getBlockMeta).toList();
        assertThat(metas).extracting(SubscribeUpdateBlockMeta::getSlot).containsExactlyElementsOf(outcomes.stream().map(SlotOutcome::slot).toList());
        for (SubscribeUpdateBlockMeta m : metas) {
            SimSolanaBlock b = sim.block(m.getSlot()).orElseThrow();
            assertThat(m.getBlockhash()).isEqualTo(b.blockhash());
            assertThat(m.getParentSlot()).isEqualTo(b.parentSlot());
            assertThat(m.getParentBlockhash()).isEqualTo(b.previousBlockhash());
            assertThat(m.getBlockHeight().getBlockHeight()).isEqualTo(b.blockHeight());
            assertThat(m.getBlockTime().getTimestamp()).isEqualTo(b.blockTime());
            assertThat(m.getExecutedTransactionCount()).isEqualTo(b.transactions().size());
            assertThat(m.getRewards().getRewardsCount()).isEqualTo(1);
        }

        sim.produceSlots(2); // getBlock serves confirmed blocks only
        RpcClient rpc = new RpcClient(sim.endpoint(0).httpUrl());
        Map<Long, Map<String, JsonNode>> served = new HashMap<>();
        int failedCompared = 0;
        for (SubscribeUpdateTransaction got : txs) {
            JsonNode json = served.computeIfAbsent(got.getSlot(), slot -> bySignature(rpc.result("getBlock", slot,
                    Map.of("encoding", "base64", "maxSupportedTransactionVersion", 0, "commitment", "confirmed"))))
                    .get(Base58.encode(got.getTransaction().getSignature().toByteArray()));
            assertSameTransaction(got.getTransaction(), json);
            failedCompared += got.getTransaction().getMeta().hasErr() ? 1 : 0;
        }
        assertThat(failedCompared).isPositive();
    }

    @Test
    void eachUpdateNamesTheFiltersItMatched() throws Exception {
        sim.produceSlots(1);
        GrpcSubscription s = subscribe(request()
                .putTransactions("pump", mentioning(PUMP))
                .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
                .putTransactions("failed", SubscribeRequestFilterTransactions.newBuilder().setFailed(true).build())
                .putTransactions("votes", SubscribeRequestFilterTransactions.newBuilder().setVote(true).build())
                .putTransactions("not pump", SubscribeRequestFilterTransactions.newBuilder().addAccountExclude(PUMP).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(20);
        long last = outcomes.getLast().slot();
        List<SubscribeUpdate> txs = s.takeUntil(u -> isMetaOf(u, last), WAIT).stream().filter(SubscribeUpdate::hasTransaction).toList();

        Map<String, SimSolanaTransaction> truth = new HashMap<>();
        outcomes.forEach(o -> sim.block(o.slot()).orElseThrow().transactions().forEach(t -> truth.put(t.signature(), t)));
        assertThat(txs).hasSize(truth.size());
        for (SubscribeUpdate u : txs) {
            SimSolanaTransaction t = truth.get(Base58.encode(u.getTransaction().getTransaction().getSignature().toByteArray()));
            List<String> expected = new ArrayList<>(List.of("all"));
            if (t.failed()) {
                expected.add("failed");
            }
            expected.add(t.accountKeys().contains(SolanaPrograms.PUMP) ? "pump" : "not pump");
            assertThat(u.getFiltersList()).as("sorted names").containsExactlyElementsOf(expected.stream().sorted().toList());
        }
        assertThat(txs).anyMatch(u -> u.getFiltersList().contains("failed"));
        assertThat(txs).anyMatch(u -> u.getFiltersList().contains("not pump"));
    }

    @Test
    void accountRequiredAndSignatureNarrowTheTransactions() throws Exception {
        SimSolanaTransaction old = sim.produceSlots(1).stream().flatMap(o -> sim.block(o.slot()).orElseThrow().transactions().stream())
                .findFirst().orElseThrow();
        GrpcSubscription s = subscribe(request()
                .putTransactions("routed", SubscribeRequestFilterTransactions.newBuilder()
                        .addAccountRequired(SolanaPrograms.ROUTER.base58()).addAccountRequired(PUMP).build())
                .putTransactions("old", SubscribeRequestFilterTransactions.newBuilder().setSignature(old.signature()).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(40);
        long last = outcomes.getLast().slot();
        List<String> got = s.takeUntil(u -> isMetaOf(u, last), WAIT).stream().filter(SubscribeUpdate::hasTransaction)
                .peek(u -> assertThat(u.getFiltersList()).containsExactly("routed"))
                .map(u -> Base58.encode(u.getTransaction().getTransaction().getSignature().toByteArray())).toList();

        List<String> expected = new ArrayList<>();
        outcomes.forEach(o -> sim.block(o.slot()).orElseThrow().transactions().stream()
                .filter(t -> t.accountKeys().contains(SolanaPrograms.ROUTER) && t.accountKeys().contains(SolanaPrograms.PUMP))
                .forEach(t -> expected.add(t.signature())));
        long pumpOnly = outcomes.stream().flatMap(o -> sim.block(o.slot()).orElseThrow().transactions().stream())
                .filter(t -> t.accountKeys().contains(SolanaPrograms.PUMP)).count();
        assertThat(expected).isNotEmpty().hasSizeLessThan((int) pumpOnly);
        assertThat(got).as("the old transaction's signature matches nothing new").containsExactlyElementsOf(expected);
    }

    @Test
    void transactionStatusUpdatesCarryTheErrorsOfFailedTransactions() throws Exception {
        GrpcSubscription s = subscribe(request()
                .putTransactionsStatus("failed", SubscribeRequestFilterTransactions.newBuilder().setFailed(true).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(20);
        long last = outcomes.getLast().slot();
        List<SubscribeUpdate> updates = s.takeUntil(u -> isMetaOf(u, last), WAIT);

        List<SimSolanaTransaction> failed = new ArrayList<>();
        outcomes.forEach(o -> sim.block(o.slot()).orElseThrow().transactions().stream().filter(SimSolanaTransaction::failed).forEach(failed::add));
        assertThat(failed).isNotEmpty();
        List<SubscribeUpdateTransactionStatus> statuses = updates.stream().filter(SubscribeUpdate::hasTransactionStatus)
                .peek(u -> assertThat(u.getFiltersList()).containsExactly("failed")).map(SubscribeUpdate::getTransactionStatus).toList();
        assertThat(statuses).hasSameSizeAs(failed);
        for (int i = 0; i < failed.size(); i++) {
            SimSolanaTransaction t = failed.get(i);
            SubscribeUpdateTransactionStatus status = statuses.get(i);
            assertThat(Base58.encode(status.getSignature().toByteArray())).isEqualTo(t.signature());
            assertThat(status.getSlot()).isEqualTo(t.slot());
            assertThat(status.getIndex()).isEqualTo(t.index());
            assertThat(status.getErr().getErr().toByteArray()).isEqualTo(bincode(RpcClient.parse(t.err())));
        }
    }

    // ---- comparison with getBlock -----------------------------------------------------------------

    private static Map<String, JsonNode> bySignature(JsonNode block) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode t : block.get("transactions")) {
            WireTx wire = WireTx.parse(Base64.getDecoder().decode(t.get("transaction").get(0).asText()));
            out.put(wire.signatures().getFirst(), t);
        }
        return out;
    }

    /** The gRPC transaction holds the bytes and meta getBlock serves for it. */
    private static void assertSameTransaction(SubscribeUpdateTransactionInfo got, JsonNode served) {
        WireTx wire = WireTx.parse(Base64.getDecoder().decode(served.get("transaction").get(0).asText()));
        assertThat(got.getTransaction().getSignaturesList()).extracting(b -> Base58.encode(b.toByteArray()))
                .containsExactlyElementsOf(wire.signatures());
        Message m = got.getTransaction().getMessage();
        assertThat(m.getVersioned()).isEqualTo(wire.version() >= 0);
        assertThat(m.getHeader().getNumRequiredSignatures()).isEqualTo(wire.numRequiredSignatures());
        assertThat(m.getHeader().getNumReadonlySignedAccounts()).isEqualTo(wire.numReadonlySigned());
        assertThat(m.getHeader().getNumReadonlyUnsignedAccounts()).isEqualTo(wire.numReadonlyUnsigned());
        assertThat(m.getAccountKeysList()).extracting(b -> Base58.encode(b.toByteArray())).containsExactlyElementsOf(wire.accountKeys());
        assertThat(Base58.encode(m.getRecentBlockhash().toByteArray())).isEqualTo(wire.recentBlockhash());
        assertThat(m.getAddressTableLookupsCount()).isZero();
        assertThat(m.getInstructionsCount()).isEqualTo(wire.instructions().size());
        for (int i = 0; i < m.getInstructionsCount(); i++) {
            CompiledInstruction ix = m.getInstructions(i);
            WireTx.Ix expected = wire.instructions().get(i);
            assertThat(ix.getProgramIdIndex()).isEqualTo(expected.programIdIndex());
            assertThat(unsigned(ix.getAccounts().toByteArray())).isEqualTo(expected.accounts());
            assertThat(ix.getData().toByteArray()).isEqualTo(expected.data());
        }

        TransactionStatusMeta meta = got.getMeta();
        JsonNode json = served.get("meta");
        assertThat(meta.getFee()).isEqualTo(json.get("fee").asLong());
        assertThat(meta.getPreBalancesList()).containsExactlyElementsOf(longs(json.get("preBalances")));
        assertThat(meta.getPostBalancesList()).containsExactlyElementsOf(longs(json.get("postBalances")));
        assertThat(meta.getLogMessagesList()).containsExactlyElementsOf(strings(json.get("logMessages")));
        assertThat(meta.getLogMessagesNone()).isFalse();
        assertThat(meta.getComputeUnitsConsumed()).isEqualTo(json.get("computeUnitsConsumed").asLong());
        assertThat(meta.getInnerInstructionsCount()).isEqualTo(json.get("innerInstructions").size());
        for (int i = 0; i < meta.getInnerInstructionsCount(); i++) {
            InnerInstructions group = meta.getInnerInstructions(i);
            JsonNode expected = json.get("innerInstructions").get(i);
            assertThat(group.getIndex()).isEqualTo(expected.get("index").asInt());
            assertThat(group.getInstructionsCount()).isEqualTo(expected.get("instructions").size());
            for (int j = 0; j < group.getInstructionsCount(); j++) {
                InnerInstruction ix = group.getInstructions(j);
                JsonNode e = expected.get("instructions").get(j);
                assertThat(ix.getProgramIdIndex()).isEqualTo(e.get("programIdIndex").asInt());
                assertThat(Base58.encode(ix.getData().toByteArray())).isEqualTo(e.get("data").asText());
                assertThat(ix.getStackHeight()).isEqualTo(e.get("stackHeight").asInt());
            }
        }
        assertThat(meta.getPostTokenBalancesCount()).isEqualTo(json.get("postTokenBalances").size());
        for (int i = 0; i < meta.getPostTokenBalancesCount(); i++) {
            var b = meta.getPostTokenBalances(i);
            JsonNode e = json.get("postTokenBalances").get(i);
            assertThat(b.getAccountIndex()).isEqualTo(e.get("accountIndex").asInt());
            assertThat(b.getMint()).isEqualTo(e.get("mint").asText());
            assertThat(b.getOwner()).isEqualTo(e.get("owner").asText());
            assertThat(b.getUiTokenAmount().getAmount()).isEqualTo(e.get("uiTokenAmount").get("amount").asText());
            assertThat(b.getUiTokenAmount().getUiAmountString()).isEqualTo(e.get("uiTokenAmount").get("uiAmountString").asText());
        }
        if (json.get("err").isNull()) {
            assertThat(meta.hasErr()).isFalse();
        } else {
            assertThat(meta.getErr().getErr().toByteArray()).isEqualTo(bincode(json.get("err")));
        }
    }

    /**
     * {@code {"InstructionError":[i,{"Custom":c}]}} as a node's bincode: TransactionError variant 8
     * (u32 LE), the instruction index (u8), InstructionError variant 25 (u32 LE), the code (u32 LE).
     */
    private static byte[] bincode(JsonNode err) {
        JsonNode ie = err.get("InstructionError");
        ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8).put((byte) ie.get(0).asInt()).putInt(25).putInt((int) ie.get(1).get("Custom").asLong());
        return b.array();
    }

    private static int[] unsigned(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
