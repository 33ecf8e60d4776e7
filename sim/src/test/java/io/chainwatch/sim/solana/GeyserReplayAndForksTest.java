package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeReplayInfoRequest;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.geyser.proto.SubscribeUpdateSlot;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.solana.Base58;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code from_slot} replays and forks on a Geyser stream: a replay then live updates with no gap
 * and no duplicate at the switch, even while slots pass; a replay repeats what a live subscriber
 * got, dead slots included; a slot the endpoint no longer holds fails the stream with OUT_OF_RANGE
 * naming the first available slot; abandoned blocks are announced dead and never confirmed.
 */
@Timeout(60)
class GeyserReplayAndForksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String PUMP = SolanaPrograms.PUMP.base58();

    private SolanaSimulator sim;
    private ManagedChannel channel;
    private final List<GrpcSubscription> streams = new ArrayList<>();

    private void start(SolanaSimConfig config) {
        sim = SolanaSimulator.start(config);
        channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
    }

    @AfterEach
    void close() {
        streams.forEach(GrpcSubscription::close);
        if (channel != null) {
            GrpcSubscription.close(channel);
        }
        if (sim != null) {
            sim.close();
        }
    }

    private GrpcSubscription open(SubscribeRequest request) {
        GrpcSubscription s = GrpcSubscription.open(channel, request);
        streams.add(s);
        return s;
    }

    private static SubscribeRequest.Builder slotsAndPump() {
        return SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(PUMP).build());
    }

    private static boolean isSlot(SubscribeUpdate u, long slot, SlotStatus status) {
        return u.hasSlot() && u.getSlot().getSlot() == slot && u.getSlot().getStatus() == status;
    }

    @Test
    void aReplayWhileSlotsPassThenLiveUpdatesHasNoGapAndNoDuplicate() throws Exception {
        start(SolanaSimConfig.manual(61));
        sim.produceSlots(30);
        long from = sim.slot(Commitment.PROCESSED) - 20;
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                sim.produceSlots(1);
            }
        });
        GrpcSubscription s = open(slotsAndPump().setFromSlot(from).build());
        producing.get(30, TimeUnit.SECONDS);
        sim.produceSlots(5); // certainly after the switch to live
        long tip = sim.slot(Commitment.PROCESSED);
        long confirmed = sim.slot(Commitment.CONFIRMED);
        long finalized = sim.slot(Commitment.FINALIZED);
        List<SubscribeUpdate> updates = s.takeUntil(u -> isSlot(u, finalized, SlotStatus.SLOT_FINALIZED), WAIT);
        assertThat(s.drainUntilQuiet(QUIET)).as("nothing after the last finalized slot").isEmpty();

        List<Long> blocks = sim.productionRecord().slots(ProductionRecord.SlotStatus.PRODUCED);
        List<SubscribeUpdate> fromOn = updates.stream().filter(u -> !u.hasSlot() || u.getSlot().getSlot() >= from).toList();
        assertThat(slots(fromOn, SlotStatus.SLOT_PROCESSED)).containsExactlyElementsOf(between(blocks, from, tip));
        assertThat(slots(fromOn, SlotStatus.SLOT_CONFIRMED)).containsExactlyElementsOf(between(blocks, from, confirmed));
        assertThat(slots(fromOn, SlotStatus.SLOT_FINALIZED)).containsExactlyElementsOf(between(blocks, from, finalized));
        // Live updates about older slots (they reach confirmed and finalized meanwhile) come too, each once.
        List<String> older = updates.stream().filter(u -> u.hasSlot() && u.getSlot().getSlot() < from)
                .map(u -> u.getSlot().getSlot() + " " + u.getSlot().getStatus()).toList();
        assertThat(older).doesNotHaveDuplicates().allSatisfy(u -> assertThat(u).doesNotEndWith("SLOT_PROCESSED"));
        List<String> expected = new ArrayList<>();
        for (long slot : between(blocks, from, tip)) {
            sim.block(slot).orElseThrow().transactions().stream().filter(t -> t.accountKeys().contains(SolanaPrograms.PUMP))
                    .forEach(t -> expected.add(t.signature()));
        }
        assertThat(updates.stream().filter(SubscribeUpdate::hasTransaction)
                .map(u -> Base58.encode(u.getTransaction().getTransaction().getSignature().toByteArray())).toList())
                .as("each pump transaction from the slot on, once, in order").containsExactlyElementsOf(expected);
    }

    @Test
    void aReplayRepeatsWhatALiveSubscriberGotFromThatSlotDeadSlotsIncluded() throws Exception {
        start(SolanaSimConfig.manual(62));
        sim.produceSlots(5);
        SubscribeRequest.Builder filters = slotsAndPump()
                .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder().addOwner(PUMP).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance());
        GrpcSubscription live = open(filters.build());
        live.sync(WAIT);
        long from = sim.produceSlots(3).getFirst().slot();
        ForkOutcome fork = sim.fork(1);
        sim.produceSlots(3);
        // The last announcement: the confirmed slot, after the tip's block (finalized has not moved yet).
        long confirmed = sim.slot(Commitment.CONFIRMED);
        assertThat(sim.slot(Commitment.FINALIZED)).isEqualTo(sim.config().startSlot());
        List<SubscribeUpdate> seenLive = live.takeUntil(u -> isSlot(u, confirmed, SlotStatus.SLOT_CONFIRMED), WAIT);

        GrpcSubscription replay = open(filters.setFromSlot(from).build());
        List<SubscribeUpdate> replayed = replay.takeUntil(u -> isSlot(u, confirmed, SlotStatus.SLOT_CONFIRMED), WAIT);

        assertThat(replayed).extracting(GeyserReplayAndForksTest::withoutTime)
                .containsExactlyElementsOf(seenLive.stream().filter(u -> slotOf(u) >= from).map(GeyserReplayAndForksTest::withoutTime).toList());
        assertThat(replayed).anyMatch(u -> isSlot(u, fork.abandonedSlots().getFirst(), SlotStatus.SLOT_DEAD));
        assertThat(replayed).anyMatch(SubscribeUpdate::hasAccount).anyMatch(SubscribeUpdate::hasTransaction);
        assertThat(replay.drainUntilQuiet(QUIET)).isEmpty();
    }

    @Test
    void fromSlotOlderThanTheEndpointHoldsEndsWithOutOfRangeNamingTheFirstAvailableSlot() throws Exception {
        start(SolanaSimConfig.manual(63).withHistorySlots(160));
        sim.produceSlots(250);
        long first = GeyserGrpc.newBlockingStub(channel).subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance())
                .getFirstAvailable();
        assertThat(first).isGreaterThan(sim.config().startSlot());
        assertThat(first).as("the ledger's lowest kept slot")
                .isEqualTo(new RpcClient(sim.endpoint(0).httpUrl()).result("minimumLedgerSlot").asLong());

        GrpcSubscription tooOld = open(slotsAndPump().setFromSlot(first - 1).build());
        Status status = tooOld.awaitEnd(WAIT);
        assertThat(status.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(status.getDescription()).isEqualTo("broadcast from " + (first - 1) + " is not available, last available: " + first);
        assertThat(tooOld.drainUntilQuiet(QUIET)).isEmpty();

        GrpcSubscription oldest = open(slotsAndPump().setFromSlot(first).build());
        SubscribeUpdate firstUpdate = oldest.take(1, WAIT).getFirst();
        assertThat(firstUpdate.getSlot().getSlot()).isEqualTo(first);
        assertThat(firstUpdate.getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_PROCESSED);
    }

    @Test
    void aForkAnnouncesTheAbandonedSlotsDeadAndNeverConfirmsThem() throws Exception {
        start(SolanaSimConfig.manual(64));
        sim.produceSlots(5);
        GrpcSubscription s = open(SubscribeRequest.newBuilder().putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance()).build());
        s.sync(WAIT);
        List<SlotOutcome> before = sim.produceSlots(3);
        ForkOutcome fork = sim.fork(2);
        long next = fork.next().slot();
        List<SubscribeUpdate> updates = s.takeUntil(u -> isSlot(u, next, SlotStatus.SLOT_PROCESSED), WAIT);

        assertThat(fork.abandonedSlots()).containsExactly(before.get(1).slot(), before.get(2).slot());
        List<SubscribeUpdateSlot> dead = updates.stream().map(SubscribeUpdate::getSlot).filter(u -> u.getStatus() == SlotStatus.SLOT_DEAD).toList();
        assertThat(dead).extracting(SubscribeUpdateSlot::getSlot).containsExactlyElementsOf(fork.abandonedSlots());
        assertThat(dead).extracting(SubscribeUpdateSlot::getParent).containsExactly(before.get(0).slot(), before.get(1).slot());
        assertThat(dead).allSatisfy(d -> assertThat(d.getDeadError()).contains("fork", Long.toString(before.get(0).slot())));
        assertThat(updates.getLast().getSlot().getParent()).as("the new block is built on the fork point").isEqualTo(before.get(0).slot());
        List<String> order = updates.stream().map(u -> u.getSlot().getSlot() + " " + u.getSlot().getStatus()).toList();
        for (long abandoned : fork.abandonedSlots()) {
            assertThat(order.indexOf(abandoned + " SLOT_PROCESSED")).isLessThan(order.indexOf(abandoned + " SLOT_DEAD"));
        }

        sim.produceSlots(40);
        long finalized = sim.slot(Commitment.FINALIZED);
        List<SubscribeUpdate> later = s.takeUntil(u -> isSlot(u, finalized, SlotStatus.SLOT_FINALIZED), WAIT);
        assertThat(finalized).isGreaterThan(next);
        assertThat(later).noneMatch(u -> fork.abandonedSlots().contains(u.getSlot().getSlot()));
        assertThat(new HashSet<>(slots(later, SlotStatus.SLOT_FINALIZED))).contains(before.get(0).slot(), next);
    }

    private static SubscribeUpdate withoutTime(SubscribeUpdate u) {
        return u.toBuilder().clearCreatedAt().build();
    }

    private static long slotOf(SubscribeUpdate u) {
        return switch (u.getUpdateOneofCase()) {
            case SLOT -> u.getSlot().getSlot();
            case TRANSACTION -> u.getTransaction().getSlot();
            case ACCOUNT -> u.getAccount().getSlot();
            case BLOCK_META -> u.getBlockMeta().getSlot();
            default -> throw new AssertionError("unexpected update " + u.getUpdateOneofCase());
        };
    }

    private static List<Long> slots(List<SubscribeUpdate> updates, SlotStatus status) {
        return updates.stream().filter(SubscribeUpdate::hasSlot).map(SubscribeUpdate::getSlot).filter(s -> s.getStatus() == status)
                .map(SubscribeUpdateSlot::getSlot).toList();
    }

    private static List<Long> between(List<Long> slots, long from, long upTo) {
        return slots.stream().filter(s -> s >= from && s <= upTo).toList();
    }
}
