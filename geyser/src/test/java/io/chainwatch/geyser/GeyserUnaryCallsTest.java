package io.chainwatch.geyser;

import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GetSlotRequest;
import io.chainwatch.geyser.proto.GetVersionRequest;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.PingRequest;
import io.chainwatch.geyser.proto.SubscribeReplayInfoRequest;
import io.chainwatch.geyser.proto.SubscribeReplayInfoResponse;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unary calls and the replay-window question a client asks before resuming, through the
 * generated blocking stub, in process: the server sees each call under the protocol's path.
 */
@Timeout(20)
class GeyserUnaryCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ReplayingGeyserService service =
            new ReplayingGeyserService(2_000, 2_003, InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
    private final List<String> pathsSeen = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor recordPaths = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                pathsSeen.add(call.getMethodDescriptor().getFullMethodName());
                return next.startCall(call, headers);
            }
        };
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, recordPaths)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void unaryCallsTravelUnderTheProtocolsPaths() {
        GeyserGrpc.GeyserBlockingStub blocking = GeyserGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

        assertThat(blocking.getSlot(GetSlotRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).build()).getSlot())
                .isEqualTo(2_003);
        assertThat(blocking.getVersion(GetVersionRequest.getDefaultInstance()).getVersion())
                .isEqualTo(ReplayingGeyserService.VERSION_JSON);
        assertThat(blocking.ping(PingRequest.newBuilder().setCount(3).build()).getCount()).isEqualTo(3);
        assertThat(blocking.subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance()).getFirstAvailable())
                .isEqualTo(2_000);

        assertThat(pathsSeen).containsExactly("geyser.Geyser/GetSlot", "geyser.Geyser/GetVersion", "geyser.Geyser/Ping",
                "geyser.Geyser/SubscribeReplayInfo");
    }

    @Test
    void aResumeFromTheFirstAvailableSlotIsServedWhole() throws Exception {
        SubscribeReplayInfoResponse window = GeyserGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance());
        assertThat(window.hasFirstAvailable()).isTrue();

        SubscriptionProbe probe = SubscriptionProbe.open(GeyserGrpc.newStub(channel), SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                .setFromSlot(window.getFirstAvailable())
                .build(), 1);
        List<SubscribeUpdate> updates = probe.take(4, WAIT);

        assertThat(updates).extracting(update -> update.getSlot().getSlot()).containsExactly(2_000L, 2_001L, 2_002L, 2_003L);
        probe.finish();
        assertThat(probe.ended(WAIT)).isEqualTo(Status.OK);
    }

    @Test
    void ledgerKeysAreSolanaSizedPublicKeys() {
        assertThat(ReplayingGeyserService.base58Decode(ReplayingGeyserService.PUMP_PROGRAM)).hasSize(32);
        assertThat(ReplayingGeyserService.base58Decode(ReplayingGeyserService.VOTE_PROGRAM)).hasSize(32);
        assertThat(ReplayingGeyserService.base58Decode(ReplayingGeyserService.PAYER)).hasSize(32);
        assertThat(ReplayingGeyserService.base58Decode("11111111111111111111111111111111")).hasSize(32).containsOnly(0);
    }
}
