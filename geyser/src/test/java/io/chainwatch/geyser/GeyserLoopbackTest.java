package io.chainwatch.geyser;

import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestFilterAccounts;
import io.chainwatch.geyser.proto.SubscribeRequestFilterBlocksMeta;
import io.chainwatch.geyser.proto.SubscribeRequestFilterSlots;
import io.chainwatch.geyser.proto.SubscribeRequestFilterTransactions;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated stub and service over a real HTTP/2 connection on loopback (Netty, 127.0.0.1, an
 * ephemeral port): a subscription with filters, commitment and from_slot is replayed in slot
 * order, a server ping is answered and its pong arrives, and a replay the server cannot serve
 * ends the stream with OUT_OF_RANGE on the client's side.
 */
@Timeout(30)
class GeyserLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long FIRST_AVAILABLE_SLOT = 1_000;
    private static final long HEAD_SLOT = 1_010;
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private static final Metadata.Key<String> X_TOKEN = Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

    private final ReplayingGeyserService service = new ReplayingGeyserService(FIRST_AVAILABLE_SLOT, HEAD_SLOT, InstantSource.fixed(NOW));
    private final List<String> callsSeen = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;
    private GeyserGrpc.GeyserStub stub;

    @BeforeEach
    void start() throws Exception {
        ServerInterceptor recordCalls = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                callsSeen.add(call.getMethodDescriptor().getFullMethodName() + " x-token=" + headers.get(X_TOKEN));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recordCalls))
                .build()
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        // Providers authenticate Geyser clients with an x-token header.
        Metadata token = new Metadata();
        token.put(X_TOKEN, "test-token");
        stub = GeyserGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void replayFromSlotDeliversSlotsTransactionsAndBlockMetaInSlotOrderThenPingIsAnsweredWithPong() throws Exception {
        SubscribeRequest subscription = SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
                .putTransactions("pump", SubscribeRequestFilterTransactions.newBuilder()
                        .setVote(false).setFailed(false).addAccountInclude(ReplayingGeyserService.PUMP_PROGRAM).build())
                .putAccounts("curves", SubscribeRequestFilterAccounts.newBuilder()
                        .addOwner(ReplayingGeyserService.PUMP_PROGRAM).build())
                .putBlocksMeta("meta", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
                .setCommitment(CommitmentLevel.CONFIRMED)
                .setFromSlot(1_005)
                .build();

        SubscriptionProbe probe = SubscriptionProbe.open(stub, subscription, 42);
        int replayed = 6 * 3; // slots 1005..1010, each: slot, pump transaction, block meta
        List<SubscribeUpdate> updates = probe.take(replayed + 2, WAIT); // + ping + pong

        List<String> expected = new ArrayList<>();
        for (long slot = 1_005; slot <= HEAD_SLOT; slot++) {
            expected.add("[slots] slot " + slot + " parent " + (slot - 1) + " SLOT_CONFIRMED");
            expected.add("[pump] transaction " + slot + "#0 vote=false");
            expected.add("[meta] block_meta " + slot + " parent " + (slot - 1));
        }
        expected.add("[] ping");
        expected.add("[] pong 42");
        assertThat(updates).extracting(GeyserLoopbackTest::describe).containsExactlyElementsOf(expected);

        SubscribeUpdate transaction = updates.get(1);
        assertThat(transaction.getTransaction().getTransaction().getSignature().toByteArray())
                .isEqualTo(ReplayingGeyserService.signature(1_005, 0));
        assertThat(transaction.getTransaction().getTransaction().getTransaction().getMessage().getAccountKeysList())
                .allSatisfy(key -> assertThat(key.size()).isEqualTo(32));
        assertThat(transaction.getTransaction().getTransaction().getMeta().getLogMessagesList())
                .contains("Program log: Instruction: Buy");
        assertThat(updates).allSatisfy(update -> assertThat(update.getCreatedAt().getSeconds()).isEqualTo(NOW.getEpochSecond()));
        assertThat(updates.getFirst().getCreatedAt().getNanos()).isEqualTo(NOW.getNano());

        probe.finish();
        assertThat(probe.ended(WAIT)).isEqualTo(Status.OK);
        assertThat(probe.queued()).isZero();
        // The server saw our subscription intact, then the ping answer.
        assertThat(service.requestsSeen()).hasSize(2);
        assertThat(service.requestsSeen().get(0)).isEqualTo(subscription);
        assertThat(service.requestsSeen().get(1).getPing().getId()).isEqualTo(42);
        assertThat(callsSeen).containsExactly("geyser.Geyser/Subscribe x-token=test-token");
    }

    @Test
    void withoutFromSlotTheStreamStartsAtTheHeadAndFiltersChooseTheTransactions() throws Exception {
        SubscribeRequest subscription = SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                .putTransactions("votes", SubscribeRequestFilterTransactions.newBuilder().setVote(true).build())
                .putTransactions("payer", SubscribeRequestFilterTransactions.newBuilder()
                        .addAccountRequired(ReplayingGeyserService.PAYER)
                        .addAccountExclude(ReplayingGeyserService.PUMP_PROGRAM).build())
                .setCommitment(CommitmentLevel.FINALIZED)
                .build();

        SubscriptionProbe probe = SubscriptionProbe.open(stub, subscription, 7);
        List<SubscribeUpdate> updates = probe.take(4, WAIT);

        assertThat(updates).extracting(GeyserLoopbackTest::describe).containsExactly(
                "[slots] slot 1010 parent 1009 SLOT_FINALIZED",
                "[payer, votes] transaction 1010#1 vote=true",
                "[] ping",
                "[] pong 7");
        probe.finish();
        assertThat(probe.ended(WAIT)).isEqualTo(Status.OK);
    }

    @Test
    void fromSlotOlderThanTheServerHoldsEndsTheStreamWithOutOfRange() throws Exception {
        SubscribeRequest subscription = SubscribeRequest.newBuilder()
                .putSlots("slots", SubscribeRequestFilterSlots.getDefaultInstance())
                .setFromSlot(10)
                .build();

        SubscriptionProbe probe = SubscriptionProbe.open(stub, subscription, 1);
        Status status = probe.ended(WAIT);

        assertThat(status.getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(status.getDescription()).isEqualTo("broadcast from 10 is not available, last available: 1000");
        assertThat(probe.queued()).isZero();
    }

    private static String describe(SubscribeUpdate update) {
        String filters = update.getFiltersList().stream().sorted().toList().toString();
        String what = switch (update.getUpdateOneofCase()) {
            case SLOT -> "slot " + update.getSlot().getSlot() + " parent " + update.getSlot().getParent()
                    + " " + update.getSlot().getStatus();
            case TRANSACTION -> "transaction " + update.getTransaction().getSlot() + "#"
                    + update.getTransaction().getTransaction().getIndex()
                    + " vote=" + update.getTransaction().getTransaction().getIsVote();
            case BLOCK_META -> "block_meta " + update.getBlockMeta().getSlot() + " parent " + update.getBlockMeta().getParentSlot();
            case PING -> "ping";
            case PONG -> "pong " + update.getPong().getId();
            default -> update.getUpdateOneofCase().toString();
        };
        return filters + " " + what;
    }
}
