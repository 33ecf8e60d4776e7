package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chainwatch.geyser.proto.GetSlotRequest;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SlotStatus;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.sim.EndpointStats;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint's fault switches on its Geyser server: down and up, dropped updates, lag, injected
 * errors on unary calls, and a subscriber too slow to keep up, which is closed with
 * RESOURCE_EXHAUSTED while slots keep passing. Endpoint 1 stays healthy throughout.
 */
@Timeout(60)
class GeyserFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    private SolanaSimulator sim;
    private SolanaSimEndpoint faulty;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<GrpcSubscription> streams = new ArrayList<>();

    private void start(SolanaSimConfig config) {
        sim = SolanaSimulator.start(config);
        sim.produceSlots(5);
        faulty = sim.endpoint(0);
    }

    @AfterEach
    void close() {
        streams.forEach(GrpcSubscription::close);
        channels.forEach(GrpcSubscription::close);
        if (sim != null) {
            sim.close();
        }
    }

    private ManagedChannel channel(SolanaSimEndpoint e) {
        ManagedChannel c = GrpcSubscription.channel(e.grpcUrl());
        channels.add(c);
        return c;
    }

    private GrpcSubscription slots(ManagedChannel c) throws InterruptedException {
        GrpcSubscription s = GrpcSubscription.open(c, SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build()).build());
        streams.add(s);
        s.sync(WAIT);
        return s;
    }

    private static long processedSlot(ManagedChannel c) {
        return GeyserGrpc.newBlockingStub(c).getSlot(GetSlotRequest.getDefaultInstance()).getSlot();
    }

    @Test
    void downEndsOpenStreamsWithUnavailableRefusesCallsAndUpServesTheSamePortAgain() throws Exception {
        start(SolanaSimConfig.manual(71));
        ManagedChannel c = channel(faulty);
        GrpcSubscription s = slots(c);
        GrpcSubscription healthy = slots(channel(sim.endpoint(1)));
        int port = faulty.grpcPort();

        faulty.down();
        Status ended = s.awaitEnd(WAIT);
        assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ended.getDescription()).contains("down");
        assertThatThrownBy(() -> processedSlot(c)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        GrpcSubscription refused = GrpcSubscription.open(c, SubscribeRequest.getDefaultInstance());
        streams.add(refused);
        assertThat(refused.awaitEnd(WAIT).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        long during = sim.produceSlots(1).getFirst().slot();
        assertThat(healthy.take(1, WAIT).getFirst().getSlot().getSlot()).as("the other endpoint goes on").isEqualTo(during);

        faulty.up();
        assertThat(faulty.grpcPort()).isEqualTo(port);
        ManagedChannel again = channel(faulty);
        assertThat(processedSlot(again)).isEqualTo(sim.slot(Commitment.PROCESSED));
        GrpcSubscription after = slots(again);
        long next = sim.produceSlots(1).getFirst().slot();
        assertThat(after.take(1, WAIT).getFirst().getSlot().getSlot()).isEqualTo(next);
    }

    @Test
    void droppedUpdatesAreCountedAndTheOthersArrive() throws Exception {
        start(SolanaSimConfig.manual(72));
        GrpcSubscription s = slots(channel(faulty));
        long queuedBefore = faulty.stats().notificationsQueued();

        faulty.dropNotifications(1.0);
        sim.produceSlots(3);
        assertThat(s.drainUntilQuiet(QUIET)).isEmpty();
        assertThat(faulty.stats().notificationsDropped()).isEqualTo(3);

        faulty.dropNotifications(0);
        long next = sim.produceSlots(1).getFirst().slot();
        assertThat(s.take(1, WAIT).getFirst().getSlot().getSlot()).isEqualTo(next);
        assertThat(faulty.stats().notificationsQueued()).isEqualTo(queuedBefore + 1);
    }

    @Test
    void aLaggingEndpointAnnouncesAndAnswersLateAndCatchesUpWhenHealed() throws Exception {
        start(SolanaSimConfig.manual(73));
        ManagedChannel c = channel(faulty);
        GrpcSubscription s = slots(c);
        long tip = sim.slot(Commitment.PROCESSED);

        faulty.lagBehind(3);
        assertThat(processedSlot(c)).isEqualTo(tip - 3);
        sim.produceSlots(3);
        assertThat(s.drainUntilQuiet(QUIET)).as("nothing newer than it shows").isEmpty();
        sim.produceSlots(2);
        assertThat(s.take(2, WAIT)).extracting(u -> u.getSlot().getSlot()).containsExactly(tip + 1, tip + 2);

        faulty.lagBehind(0);
        List<SubscribeUpdate> caughtUp = s.take(3, WAIT);
        assertThat(caughtUp).extracting(u -> u.getSlot().getSlot()).containsExactly(tip + 3, tip + 4, tip + 5);
        assertThat(caughtUp).allSatisfy(u -> assertThat(u.getSlot().getStatus()).isEqualTo(SlotStatus.SLOT_PROCESSED));
        assertThat(processedSlot(c)).isEqualTo(sim.slot(Commitment.PROCESSED));
    }

    @Test
    void unaryCallsGetInjectedErrorsAtTheErrorRate() {
        start(SolanaSimConfig.manual(74));
        ManagedChannel c = channel(faulty);
        faulty.errorRate(1.0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> processedSlot(c)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(e.getStatus().getDescription()).isEqualTo("Internal error");
            });
        }
        assertThat(faulty.stats().injectedErrors()).isEqualTo(3);
        faulty.errorRate(0);
        assertThat(processedSlot(c)).isEqualTo(sim.slot(Commitment.PROCESSED));
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWithResourceExhaustedAndSlotsKeepPassing() throws Exception {
        start(SolanaSimConfig.manual(75).withSubscriberQueueMessages(16));
        faulty.geyserPingInterval(Duration.ofHours(1));
        ManagedChannel c = channel(faulty);
        GrpcSubscription reader = slots(c);
        GrpcSubscription stalled = GrpcSubscription.openWithoutReading(c, SubscribeRequest.newBuilder()
                .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance()).build());
        streams.add(stalled);
        stalled.request(1); // just the pong: the filters are in place
        stalled.sync(WAIT);

        int produced = 0;
        while (faulty.stats().slowSubscribersDisconnected() == 0 && produced < 2_000) {
            sim.produceSlots(10); // never waits for the stalled client
            produced += 10;
        }
        EndpointStats stats = faulty.stats();
        assertThat(stats.slowSubscribersDisconnected()).isEqualTo(1);

        stalled.request(Integer.MAX_VALUE);
        Status status = stalled.awaitEnd(WAIT);
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("queue of 16 updates is full");
        long next = sim.produceSlots(1).getFirst().slot();
        assertThat(reader.takeUntil(u -> u.getSlot().getSlot() == next, WAIT)).as("the reading stream goes on").isNotEmpty();
        assertThat(reader.isEnded()).isFalse();
    }
}
