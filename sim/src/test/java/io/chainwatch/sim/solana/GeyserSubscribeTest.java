package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocks;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterEntry;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateAccount;
import io.chainwatch.geyser.proto.SubscribeUpdateBlock;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.solana.Base58;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Geyser Subscribe streams of the Solana simulator over a real loopback HTTP/2 connection: slot,
 * account, block and block-meta filters, commitment, filter replacement and refused filters,
 * compared with the simulator's ground truth and with what getAccountInfo serves. Transaction
 * filters: {@link GeyserTransactionsTest}.
 */
@Timeout(60)
class GeyserSubscribeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);
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
    void slotUpdatesComeInOrderWithTheirParentsAtProcessedConfirmedAndFinalized() throws Exception {
        sim.produceSlots(5);
        long confirmedBefore = sim.slot(Commitment.CONFIRMED);
        long finalizedBefore = sim.slot(Commitment.FINALIZED);
        GrpcSubscription s = subscribe(request().putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance()).build());

        List<Long> produced = new ArrayList<>();
        sim.produceSlots(10).forEach(o -> produced.add(o.slot()));
        long skipped = sim.skipSlots(1).getFirst().slot();
        sim.produceSlots(30).forEach(o -> produced.add(o.slot()));
        long finalized = sim.slot(Commitment.FINALIZED);
        List<SubscribeUpdate> updates = s.takeUntil(
                u -> u.getSlot().getStatus() == SlotStatus.SLOT_FINALIZED && u.getSlot().getSlot() == finalized, WAIT);

        assertThat(updates).allSatisfy(u -> assertThat(u.getFiltersList()).containsExactly("slots"));
        assertThat(slots(updates, SlotStatus.SLOT_PROCESSED)).containsExactlyElementsOf(produced);
        List<Long> blocks = sim.productionRecord().slots(ProductionRecord.SlotStatus.PRODUCED);
        assertThat(slots(updates, SlotStatus.SLOT_CONFIRMED)).as("every block once, in order, up to the confirmed slot")
                .containsExactlyElementsOf(between(blocks, confirmedBefore, sim.slot(Commitment.CONFIRMED)));
        assertThat(slots(updates, SlotStatus.SLOT_FINALIZED))
                .containsExactlyElementsOf(between(blocks, finalizedBefore, finalized));
        for (SubscribeUpdate u : updates) {
            SubscribeUpdateSlot slot = u.getSlot();
            assertThat(slot.hasParent()).isTrue();
            assertThat(slot.getParent()).isEqualTo(sim.block(slot.getSlot()).orElseThrow().parentSlot());
            assertThat(slot.hasDeadError()).isFalse();
        }
        assertThat(updates.stream().map(SubscribeUpdate::getSlot).filter(slot -> slot.getSlot() == skipped + 1)
                .map(SubscribeUpdateSlot::getParent)).as("the block after the skipped slot names the one before it").containsOnly(skipped - 1);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            at.put(updates.get(i).getSlot().getSlot() + " " + updates.get(i).getSlot().getStatus(), i);
        }
        for (long slot : produced) {
            Integer processed = at.get(slot + " SLOT_PROCESSED");
            Integer confirmed = at.get(slot + " SLOT_CONFIRMED");
            Integer fin = at.get(slot + " SLOT_FINALIZED");
            if (confirmed != null) {
                assertThat(processed).as("slot %d processed before confirmed", slot).isLessThan(confirmed);
            }
            if (fin != null) {
                assertThat(confirmed).as("slot %d confirmed before finalized", slot).isLessThan(fin);
            }
        }
        assertThat(s.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void accountsByOwnerGetEveryBondingCurveWriteWithTheWritingTransaction() throws Exception {
        GrpcSubscription s = subscribe(request()
                .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(10);
        long last = outcomes.getLast().slot();
        List<SubscribeUpdateAccount> writes = s.takeUntil(u -> isMetaOf(u, last), WAIT).stream()
                .filter(u -> {
                    if (u.hasAccount()) {
                        assertThat(u.getFiltersList()).containsExactly("curves");
                    }
                    return u.hasAccount();
                }).map(SubscribeUpdate::getAccount).toList();

        assertThat(writes).isNotEmpty();
        Set<String> curves = sim.curves().stream().map(c -> c.bondingCurve().base58()).collect(Collectors.toSet());
        long lastVersion = -1;
        Map<String, SubscribeUpdateAccount> latest = new HashMap<>();
        for (SubscribeUpdateAccount w : writes) {
            String key = Base58.encode(w.getAccount().getPubkey().toByteArray());
            assertThat(Base58.encode(w.getAccount().getOwner().toByteArray())).isEqualTo(PUMP);
            assertThat(curves).as("a bonding curve").contains(key);
            assertThat(w.getAccount().getWriteVersion()).isGreaterThan(lastVersion);
            lastVersion = w.getAccount().getWriteVersion();
            assertThat(w.getIsStartup()).isFalse();
            String writer = Base58.encode(w.getAccount().getTxnSignature().toByteArray());
            assertThat(sim.block(w.getSlot()).orElseThrow().transactions())
                    .as("written by a successful transaction of its block that names it")
                    .anyMatch(t -> t.signature().equals(writer) && !t.failed() && t.accountKeys().contains(Pubkey.fromBase58(key)));
            latest.put(key, w);
        }
        Set<String> traded = new HashSet<>();
        for (SlotOutcome o : outcomes) {
            for (SimSolanaTransaction t : sim.block(o.slot()).orElseThrow().transactions()) {
                for (PumpEvent e : t.events()) {
                    if (!t.failed() && e instanceof PumpEvent.Trade trade && trade.emitter().equals(SolanaPrograms.PUMP)) {
                        traded.add(o.slot() + " " + SolanaPrograms.bondingCurve(trade.mint()).base58());
                    }
                }
            }
        }
        assertThat(traded).isNotEmpty();
        assertThat(writes.stream().map(w -> w.getSlot() + " " + Base58.encode(w.getAccount().getPubkey().toByteArray())).toList())
                .as("every curve a pump trade moved, in the trade's slot").containsAll(traded);
        RpcClient rpc = new RpcClient(sim.endpoint(0).httpUrl());
        for (Map.Entry<String, SubscribeUpdateAccount> e : latest.entrySet()) {
            JsonNode account = rpc.result("getAccountInfo", e.getKey(), Map.of("encoding", "base64", "commitment", "processed")).get("value");
            assertThat(Base64.getDecoder().decode(account.get("data").get(0).asText()))
                    .isEqualTo(e.getValue().getAccount().getData().toByteArray());
            assertThat(account.get("lamports").asLong()).isEqualTo(e.getValue().getAccount().getLamports());
        }
    }

    @Test
    void atConfirmedTheTransactionsAndMetaOfABlockComeWhenItIsConfirmed() throws Exception {
        sim.produceSlots(5);
        GrpcSubscription s = subscribe(request().setCommitment(CommitmentLevel.CONFIRMED)
                .putSlots("confirmed", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
                .putTransactions("pump", mentioning(PUMP))
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());

        for (int i = 0; i < 3; i++) {
            long tip = sim.produceSlots(1).getFirst().slot();
            long confirmed = sim.slot(Commitment.CONFIRMED);
            assertThat(confirmed).isEqualTo(tip - 2);
            List<SubscribeUpdate> updates = s.takeUntil(u -> isMetaOf(u, confirmed), WAIT);
            assertThat(updates.getFirst().getSlot().getSlot()).isEqualTo(confirmed);
            assertThat(updates.getFirst().getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_CONFIRMED);
            long pumpTxs = sim.block(confirmed).orElseThrow().transactions().stream()
                    .filter(t -> t.accountKeys().contains(SolanaPrograms.PUMP)).count();
            assertThat(updates.stream().filter(SubscribeUpdate::hasTransaction))
                    .hasSize((int) pumpTxs)
                    .allSatisfy(u -> assertThat(u.getTransaction().getSlot()).isEqualTo(confirmed));
            assertThat(updates).hasSize((int) pumpTxs + 2);
        }
        assertThat(s.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void aLaterRequestReplacesTheFiltersAndAPingRequestLeavesThem() throws Exception {
        GrpcSubscription s = subscribe(request().putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance()).build());
        long first = sim.produceSlots(1).getFirst().slot();
        assertThat(s.take(1, WAIT).getFirst().getSlot().getSlot()).isEqualTo(first);

        s.sync(WAIT); // a ping request: the slot filter stays
        long second = sim.produceSlots(1).getFirst().slot();
        assertThat(s.take(1, WAIT).getFirst().getSlot().getSlot()).isEqualTo(second);
        s.drainUntilQuiet(QUIET);

        s.send(request().putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance()).build());
        s.sync(WAIT);
        long third = sim.produceSlots(1).getFirst().slot();
        assertThat(s.take(1, WAIT)).singleElement().satisfies(u -> {
            assertThat(u.getFiltersList()).containsExactly("meta");
            assertThat(u.getBlockMeta().getSlot()).isEqualTo(third);
        });
        assertThat(s.drainUntilQuiet(QUIET)).as("no slot updates any more").isEmpty();
    }

    @Test
    void blockFiltersCarryTheTransactionsAndAccountsTheyInclude() throws Exception {
        GrpcSubscription s = subscribe(request()
                .putBlocks("pump blocks", SubscribeRequestFilterBlocks.newBuilder().addAccountInclude(PUMP).setIncludeAccounts(true).build())
                .putBlocks("whole", SubscribeRequestFilterBlocks.newBuilder().setIncludeAccounts(true).build()).build());

        List<SlotOutcome> outcomes = sim.produceSlots(20);
        long last = outcomes.getLast().slot();
        List<SubscribeUpdate> updates = s.takeUntil(u -> u.getFiltersList().contains("whole") && u.getBlock().getSlot() == last, WAIT);

        List<SubscribeUpdate> blocks = updates.stream().filter(SubscribeUpdate::hasBlock).toList();
        List<Long> slots = outcomes.stream().map(SlotOutcome::slot).toList();
        assertThat(blocks).extracting(u -> u.getFilters(0) + " " + u.getBlock().getSlot()).containsExactlyElementsOf(slots.stream()
                .flatMap(slot -> Stream.of("pump blocks " + slot, "whole " + slot)).toList());
        for (SubscribeUpdate u : blocks) {
            SubscribeUpdateBlock b = u.getBlock();
            SimSolanaBlock truth = sim.block(b.getSlot()).orElseThrow();
            boolean whole = u.getFiltersList().equals(List.of("whole"));
            assertThat(b.getExecutedTransactionCount()).isEqualTo(truth.transactions().size());
            assertThat(b.getBlockhash()).isEqualTo(truth.blockhash());
            assertThat(b.getParentSlot()).isEqualTo(truth.parentSlot());
            assertThat(b.getTransactionsList()).extracting(t -> Base58.encode(t.getSignature().toByteArray()))
                    .containsExactlyElementsOf(truth.transactions().stream().filter(t -> whole || t.accountKeys().contains(SolanaPrograms.PUMP))
                            .map(SimSolanaTransaction::signature).toList());
            assertThat(b.getAccountsCount()).as("accounts named by account_include only").isEqualTo(whole ? b.getUpdatedAccountCount() : 0);
        }
        assertThat(blocks).anyMatch(u -> u.getBlock().getAccountsCount() > 0);
    }

    @Test
    void aFilterTheSimulatorCannotServeEndsTheStreamWithInvalidArgumentNamingIt() throws Exception {
        GrpcSubscription bad = GrpcSubscription.open(channel, request()
                .putTransactions("pump", mentioning("not-a-key")).build());
        streams.add(bad);
        Status status = bad.awaitEnd(WAIT);
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("transactions[\"pump\"].account_include[0]", "not-a-key");

        GrpcSubscription entries = GrpcSubscription.open(channel, request()
                .putEntry("entries", SubscribeRequestFilterEntry.getDefaultInstance()).build());
        streams.add(entries);
        assertThat(entries.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    private static List<Long> slots(List<SubscribeUpdate> updates, SlotStatus status) {
        return updates.stream().map(SubscribeUpdate::getSlot).filter(s -> s.getStatus() == status).map(SubscribeUpdateSlot::getSlot).toList();
    }

    private static List<Long> between(List<Long> slots, long after, long upTo) {
        return slots.stream().filter(s -> s > after && s <= upTo).toList();
    }
}
