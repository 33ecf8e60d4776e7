package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.geyser.proto.CommitmentLevel;
import io.chainwatch.geyser.proto.GetBlockHeightRequest;
import io.chainwatch.geyser.proto.GetLatestBlockhashRequest;
import io.chainwatch.geyser.proto.GetLatestBlockhashResponse;
import io.chainwatch.geyser.proto.GetSlotRequest;
import io.chainwatch.geyser.proto.GetVersionRequest;
import io.chainwatch.geyser.proto.GeyserGrpc;
import io.chainwatch.geyser.proto.IsBlockhashValidRequest;
import io.chainwatch.geyser.proto.PingRequest;
import io.chainwatch.geyser.proto.SubscribeReplayInfoRequest;
import io.chainwatch.geyser.proto.SubscribeRequest;
import io.chainwatch.geyser.proto.SubscribeRequestPing;
import io.chainwatch.geyser.proto.SubscribeUpdate;
import io.chainwatch.sim.testing.GrpcSubscription;
import io.chainwatch.sim.testing.RpcClient;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unary calls of the Geyser service, answered from the ledger as the endpoint shows it and
 * checked against the simulator and its JSON-RPC; ping requests on a Subscribe stream and the
 * server's keep-alive pings; the endpoints' gRPC URLs.
 */
@Timeout(60)
class GeyserUnaryCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SolanaSimulator sim;
    private ManagedChannel channel;
    private GeyserGrpc.GeyserBlockingStub geyser;

    @BeforeEach
    void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(81));
        channel = GrpcSubscription.channel(sim.endpoint(0).grpcUrl());
        geyser = GeyserGrpc.newBlockingStub(channel);
        sim.produceSlots(40);
    }

    @AfterEach
    void close() {
        GrpcSubscription.close(channel);
        sim.close();
    }

    private long slot(CommitmentLevel level) {
        return geyser.getSlot(GetSlotRequest.newBuilder().setCommitment(level).build()).getSlot();
    }

    @Test
    void everyEndpointHasItsOwnGrpcPortOnLoopback() {
        assertThat(sim.grpcUrls()).hasSize(2).doesNotHaveDuplicates();
        for (int i = 0; i < 2; i++) {
            URI url = sim.grpcUrls().get(i);
            assertThat(url.getScheme()).isEqualTo("http");
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(url.getPort()).isEqualTo(sim.endpoint(i).grpcPort()).isNotEqualTo(sim.endpoint(i).port());
        }
    }

    @Test
    void getSlotAndGetBlockHeightFollowEachCommitmentLevel() {
        assertThat(slot(CommitmentLevel.PROCESSED)).isEqualTo(sim.slot(Commitment.PROCESSED));
        assertThat(slot(CommitmentLevel.CONFIRMED)).isEqualTo(sim.slot(Commitment.CONFIRMED));
        assertThat(slot(CommitmentLevel.FINALIZED)).isEqualTo(sim.slot(Commitment.FINALIZED));
        assertThat(geyser.getSlot(GetSlotRequest.getDefaultInstance()).getSlot()).as("processed when unset")
                .isEqualTo(sim.slot(Commitment.PROCESSED));
        long height = geyser.getBlockHeight(GetBlockHeightRequest.newBuilder().setCommitment(CommitmentLevel.FINALIZED).build())
                .getBlockHeight();
        assertThat(height).isEqualTo(sim.block(sim.slot(Commitment.FINALIZED)).orElseThrow().blockHeight());
    }

    @Test
    void getLatestBlockhashAgreesWithJsonRpcAndTheHashStaysValid() {
        GetLatestBlockhashResponse latest = geyser.getLatestBlockhash(GetLatestBlockhashRequest.newBuilder()
                .setCommitment(CommitmentLevel.CONFIRMED).build());
        JsonNode rpc = new RpcClient(sim.endpoint(0).httpUrl()).result("getLatestBlockhash", Map.of("commitment", "confirmed"));
        assertThat(latest.getSlot()).isEqualTo(rpc.get("context").get("slot").asLong());
        assertThat(latest.getBlockhash()).isEqualTo(rpc.get("value").get("blockhash").asText());
        assertThat(latest.getLastValidBlockHeight()).isEqualTo(rpc.get("value").get("lastValidBlockHeight").asLong());

        assertThat(geyser.isBlockhashValid(IsBlockhashValidRequest.newBuilder().setBlockhash(latest.getBlockhash()).build()).getValid())
                .isTrue();
        String unknown = Pubkey.ZERO.base58();
        assertThat(geyser.isBlockhashValid(IsBlockhashValidRequest.newBuilder().setBlockhash(unknown).build()).getValid()).isFalse();
    }

    @Test
    void pingReplayInfoAndVersionAnswer() {
        assertThat(geyser.ping(PingRequest.newBuilder().setCount(5).build()).getCount()).isEqualTo(5);
        assertThat(geyser.subscribeReplayInfo(SubscribeReplayInfoRequest.getDefaultInstance()).getFirstAvailable())
                .as("nothing pruned yet: from the first slot").isEqualTo(sim.config().startSlot());
        JsonNode version = RpcClient.parse(geyser.getVersion(GetVersionRequest.getDefaultInstance()).getVersion());
        assertThat(version.get("version").get("package").asText()).isEqualTo("chainwatch-sim");
        assertThat(version.get("version").get("solana").asText()).isNotEmpty();
    }

    @Test
    void aLaggingEndpointAnswersTheSlotsItShows() {
        sim.endpoint(0).lagBehind(4);
        assertThat(slot(CommitmentLevel.PROCESSED)).isEqualTo(sim.slot(Commitment.PROCESSED) - 4);
        sim.endpoint(0).lagBehind(0);
        assertThat(slot(CommitmentLevel.PROCESSED)).isEqualTo(sim.slot(Commitment.PROCESSED));
    }

    @Test
    void aPingRequestIsAnsweredWithItsIdAndTheServerPingsAtItsInterval() throws Exception {
        try (GrpcSubscription s = GrpcSubscription.open(channel, SubscribeRequest.newBuilder()
                .setPing(SubscribeRequestPing.newBuilder().setId(42)).build())) {
            SubscribeUpdate pong = s.take(1, WAIT).getFirst();
            assertThat(pong.hasPong()).isTrue();
            assertThat(pong.getPong().getId()).isEqualTo(42);
            assertThat(pong.getFiltersList()).isEmpty();
            assertThat(pong.hasCreatedAt()).isTrue();

            sim.endpoint(0).geyserPingInterval(Duration.ofMillis(50));
            await().atMost(WAIT).until(() -> s.serverPings() >= 3);
            assertThat(s.isEnded()).isFalse();
        }
    }
}
