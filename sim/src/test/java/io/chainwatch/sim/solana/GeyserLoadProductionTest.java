package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load production (slots as fast as subscribers read) counts Geyser streams as subscribers: it
 * runs for a gRPC client alone, and holds while a gRPC client does not read rather than drop it.
 */
@Timeout(60)
class GeyserLoadProductionTest {
    private static final SubscribeRequest PUMP_TRANSACTIONS = SubscribeRequest.newBuilder()
            .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder().addAccountInclude(SolanaPrograms.PUMP.base58()).build())
            .build();

    @Test
    void loadProductionRunsAsFastAsAGeyserSubscriberReads() throws Exception {
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.load(91))) {
            long idle = sim.slot(Commitment.PROCESSED);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sim.slot(Commitment.PROCESSED) == idle);
            ManagedChannel channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
            try (GrpcSubscription s = GrpcSubscription.open(channel, PUMP_TRANSACTIONS)) {
                long previous = 0;
                for (int i = 0; i < 3_000; i++) {
                    SubscribeUpdate u = s.take(1, Duration.ofSeconds(10)).getFirst();
                    assertThat(u.getTransaction().getSlot()).isGreaterThanOrEqualTo(previous);
                    previous = u.getTransaction().getSlot();
                }
                assertThat(previous).isGreaterThan(idle);
                assertThat(sim.endpoint(0).stats().slowSubscribersDisconnected()).isZero();
            } finally {
                GrpcSubscription.close(channel);
            }
        }
    }

    @Test
    void loadProductionHoldsWhileAGeyserSubscriberDoesNotRead() throws Exception {
        try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.load(92))) {
            sim.endpoint(0).geyserPingInterval(Duration.ofHours(1));
            ManagedChannel channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
            SubscribeRequest pingOnly = SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(1)).build();
            try (GrpcSubscription stalled = GrpcSubscription.openWithoutReading(channel, pingOnly)) {
                stalled.request(1);
                assertThat(stalled.take(1, Duration.ofSeconds(10)).getFirst().getPong().getId()).isEqualTo(1);
                stalled.send(PUMP_TRANSACTIONS); // from now on it reads nothing

                await().atMost(Duration.ofSeconds(4)).until(() -> sim.slot(Commitment.PROCESSED) > sim.config().startSlot());
                AtomicLong seen = new AtomicLong(-1);
                // Well within the five seconds after which load production gives a stalled subscriber up.
                await().pollInterval(Duration.ofMillis(50)).during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(4))
                        .until(() -> seen.getAndSet(sim.slot(Commitment.PROCESSED)) == sim.slot(Commitment.PROCESSED));
                assertThat(sim.endpoint(0).stats().slowSubscribersDisconnected()).isZero();
                assertThat(stalled.isEnded()).isFalse();
            } finally {
                GrpcSubscription.close(channel);
            }
        }
    }
}
