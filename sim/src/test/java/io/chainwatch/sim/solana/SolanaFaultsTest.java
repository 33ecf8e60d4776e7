package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.sim.testing.WsClient;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault switch of a Solana endpoint, switched at runtime; endpoint 1 stays healthy throughout. */
@Timeout(60)
class SolanaFaultsTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private SolanaSimulator sim;
    private SolanaSimEndpoint faulty;
    private RpcClient rpc;
    private RpcClient healthy;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(41));
        sim.produceSlots(20);
        faulty = sim.endpoint(0);
        rpc = new RpcClient(faulty.httpUrl());
        healthy = new RpcClient(sim.endpoint(1).httpUrl());
    }

    @AfterEach
    void close() {
        clients.forEach(WsClient::close);
        sim.close();
    }

    private WsClient connect(SolanaSimEndpoint e) {
        WsClient c = WsClient.connect(e.wsUrl());
        clients.add(c);
        return c;
    }

    private long processedSlot(RpcClient client) {
        return client.result("getSlot", Map.of("commitment", "processed")).asLong();
    }

    @Test
    void downClosesThePortAndTheSocketsAndUpOpensTheSamePortAgain() {
        WsClient ws = connect(faulty);
        ws.subscribeTo("slotSubscribe");
        int port = faulty.port();
        faulty.down();
        assertThat(faulty.faults().down()).isTrue();
        assertThatThrownBy(() -> rpc.call("getSlot")).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
        assertThat(ws.awaitClosed(Duration.ofSeconds(5))).as("the socket is closed").isTrue();
        sim.produceSlots(2);
        assertThat(processedSlot(healthy)).isEqualTo(sim.slot(Commitment.PROCESSED));
        faulty.up();
        assertThat(faulty.port()).isEqualTo(port);
        assertThat(processedSlot(rpc)).isEqualTo(sim.slot(Commitment.PROCESSED));
        WsClient again = connect(faulty);
        long sub = again.subscribeTo("slotSubscribe");
        long next = sim.produceSlots(1).getFirst().slot();
        assertThat(again.nextNotification("slotNotification", sub).get("slot").asLong()).isEqualTo(next);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        faulty.latency(300);
        long start = System.nanoTime();
        rpc.result("getSlot");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        faulty.latency(0);
    }

    @Test
    void errorRateAnswersInternalErrorsAndCountsThem() {
        faulty.errorRate(1.0);
        for (int i = 0; i < 5; i++) {
            JsonNode e = rpc.error("getSlot");
            assertThat(e.get("code").asInt()).isEqualTo(-32603);
            assertThat(e.get("message").asText()).isEqualTo("Internal error");
        }
        assertThat(faulty.stats().injectedErrors()).isEqualTo(5);
        assertThat(healthy.result("getSlot").asLong()).isPositive();
        faulty.errorRate(0);
        assertThat(rpc.result("getSlot").asLong()).isPositive();
    }

    @Test
    void aLaggingEndpointServesAnOlderLedgerAndCatchesUpWhenHealed() {
        WsClient ws = connect(faulty);
        long sub = ws.subscribeTo("slotSubscribe");
        faulty.lagBehind(5);
        long tip = sim.slot(Commitment.PROCESSED);
        assertThat(processedSlot(rpc)).isEqualTo(tip - 5);
        assertThat(rpc.result("getHealth").asText()).isEqualTo("ok");
        sim.produceSlots(3);
        assertThat(ws.poll(QUIET)).as("nothing newer than it shows").isNull();
        sim.produceSlots(3);
        assertThat(ws.nextNotification("slotNotification", sub).get("slot").asLong()).isEqualTo(tip + 1);
        ws.drainUntilQuiet(QUIET);
        faulty.lagBehind(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> processedSlot(rpc) == sim.slot(Commitment.PROCESSED));
        JsonNode last = null;
        JsonNode n;
        while ((n = ws.poll(QUIET)) != null) {
            last = n;
        }
        assertThat(last).as("caught up at once").isNotNull();
        assertThat(last.get("params").get("result").get("slot").asLong()).isEqualTo(sim.slot(Commitment.PROCESSED));
    }

    @Test
    void aNodeFarBehindReportsItselfUnhealthy() {
        sim.produceSlots(200);
        faulty.lagBehind(150);
        JsonNode e = rpc.error("getHealth");
        assertThat(e.get("code").asInt()).isEqualTo(-32005);
        assertThat(e.get("message").asText()).isEqualTo("Node is behind by 150 slots");
        assertThat(e.get("data").get("numSlotsBehind").asInt()).isEqualTo(150);
        assertThat(healthy.result("getHealth").asText()).isEqualTo("ok");
    }

    @Test
    void droppedNotificationsAreSilentAndCounted() {
        WsClient ws = connect(faulty);
        long sub = ws.subscribeTo("slotSubscribe");
        faulty.dropNotifications(1.0);
        sim.produceSlots(5);
        assertThat(ws.poll(QUIET)).isNull();
        assertThat(faulty.stats().notificationsDropped()).isEqualTo(5);
        faulty.dropNotifications(0);
        long next = sim.produceSlots(1).getFirst().slot();
        assertThat(ws.nextNotification("slotNotification", sub).get("slot").asLong()).isEqualTo(next);
    }

    @Test
    void malformedAnswersAreNotJson() {
        faulty.malformed(true);
        String body = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSlot\"}");
        assertThatThrownBy(() -> RpcClient.parse(body)).isInstanceOf(UncheckedIOException.class);
        faulty.clearFaults();
        assertThat(faulty.faults()).isEqualTo(SolanaFaults.NONE);
        assertThat(rpc.result("getSlot").asLong()).isPositive();
    }

    @Test
    void mildChaosBreaksAnEndpointNowAndThenAndHealsIt() {
        sim.startMildChaos(0, Duration.ofMillis(100));
        // Faults last 33 ms or 1 s, healthy spells at least 50 ms: poll faster than either.
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> !faulty.faults().equals(SolanaFaults.NONE));
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> faulty.faults().equals(SolanaFaults.NONE));
    }
}
