package io.chainwatch.sim.evm;

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

/** Each fault switch of an endpoint, switched at runtime; endpoint 1 stays healthy throughout. */
@Timeout(60)
class FaultInjectionTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private EvmSimulator sim;
    private SimEndpoint faulty;
    private RpcClient rpc;
    private RpcClient healthy;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = EvmSimulator.start(SimConfig.manual(31));
        sim.mineBlocks(20);
        faulty = sim.endpoint(0);
        rpc = new RpcClient(faulty.httpUrl());
        healthy = new RpcClient(sim.endpoint(1).httpUrl());
    }

    @AfterEach
    void close() {
        clients.forEach(WsClient::close);
        sim.close();
    }

    private WsClient connect(SimEndpoint e) {
        WsClient c = WsClient.connect(e.wsUrl());
        clients.add(c);
        return c;
    }

    private static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    @Test
    void downClosesThePortAndTheSocketsAndUpOpensTheSamePortAgain() {
        WsClient ws = connect(faulty);
        ws.subscribe("newHeads");
        faulty.down();
        assertThat(faulty.faults().down()).isTrue();
        assertThatThrownBy(() -> rpc.call("eth_blockNumber")).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(ws.awaitClosed(Duration.ofSeconds(5))).as("the socket is closed").isTrue();
        assertThat(healthy.result("eth_blockNumber").asText()).isEqualTo(hex(sim.head().number()));
        sim.mineBlock(); // the chain goes on while the endpoint is down

        faulty.up();
        assertThat(faulty.faults().down()).isFalse();
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(sim.head().number()));
        WsClient again = connect(faulty);
        String sub = again.subscribe("newHeads");
        sim.mineBlock();
        assertThat(again.nextResult(sub).get("hash").asText()).isEqualTo(sim.head().hash().hex());
    }

    @Test
    void latencyDelaysEveryAnswer() {
        faulty.latency(300);
        long start = System.nanoTime();
        rpc.result("eth_blockNumber");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        WsClient ws = connect(faulty);
        start = System.nanoTime();
        ws.call("eth_chainId");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        faulty.latency(0);
        assertThat(faulty.faults().latencyMs()).isZero();
    }

    @Test
    void errorRateAnswersInternalErrorsWithThatProbability() {
        faulty.errorRate(1.0);
        JsonNode error = rpc.error("eth_blockNumber");
        assertThat(error.get("code").asInt()).isEqualTo(-32603);
        assertThat(healthy.call("eth_blockNumber").has("result")).isTrue();

        faulty.errorRate(0.5);
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            errors += rpc.call("eth_chainId").has("error") ? 1 : 0;
        }
        assertThat(errors).isBetween(60, 140);
        assertThat(faulty.stats().injectedErrors()).isEqualTo(1 + errors);

        faulty.errorRate(0);
        assertThat(rpc.call("eth_chainId").has("result")).isTrue();
    }

    @Test
    void malformedAnswersAreNotJson() {
        faulty.malformed(true);
        String body = rpc.post(RpcClient.request(1, "eth_blockNumber").toString());
        assertThat(body).startsWith("{\"jsonrpc\"");
        assertThatThrownBy(() -> RpcClient.parse(body)).isInstanceOf(UncheckedIOException.class);
        WsClient ws = connect(faulty);
        ws.sendText(RpcClient.request(2, "eth_chainId").toString());
        String frame = ws.nextText(Duration.ofSeconds(5));
        assertThatThrownBy(() -> RpcClient.parse(frame)).isInstanceOf(UncheckedIOException.class);
        faulty.malformed(false);
        assertThat(rpc.result("eth_chainId").asText()).isEqualTo("0x1");
    }

    @Test
    void oversizedAnswersAreHugeButStillTheSameJson() {
        faulty.oversized(2_000_000);
        String body = rpc.post(RpcClient.request(1, "eth_blockNumber").toString());
        assertThat(body.length()).isGreaterThanOrEqualTo(2_000_000);
        assertThat(RpcClient.parse(body).get("result").asText()).isEqualTo(hex(sim.head().number()));
        WsClient ws = connect(faulty);
        ws.sendText(RpcClient.request(2, "eth_chainId").toString());
        String frame = ws.nextText(Duration.ofSeconds(10));
        assertThat(frame.length()).isGreaterThanOrEqualTo(2_000_000);
        assertThat(RpcClient.parse(frame).get("result").asText()).isEqualTo("0x1");
    }

    @Test
    void wrongChainIdIsAnsweredByChainIdAndNetVersion() {
        faulty.wrongChainId(5);
        assertThat(rpc.result("eth_chainId").asText()).isEqualTo("0x5");
        assertThat(rpc.result("net_version").asText()).isEqualTo("5");
        assertThat(healthy.result("eth_chainId").asText()).isEqualTo("0x1");
        faulty.wrongChainId(0);
        assertThat(rpc.result("eth_chainId").asText()).isEqualTo("0x1");
    }

    @Test
    void lagBehindServesAndAnnouncesAnOlderHeadThenCatchesUp() {
        WsClient ws = connect(faulty);
        String sub = ws.subscribe("newHeads");
        faulty.lagBehind(5);
        long head = sim.head().number();
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(head - 5));
        assertThat(rpc.result("eth_getBlockByNumber", "latest", false).get("number").asText()).isEqualTo(hex(head - 5));
        assertThat(rpc.result("eth_getBlockByNumber", hex(head), false).isNull()).isTrue();
        assertThat(rpc.result("eth_getBlockByHash", sim.head().hash().hex(), false).isNull()).isTrue();
        JsonNode logs = rpc.result("eth_getLogs", Map.of("fromBlock", hex(head - 10)));
        logs.forEach(l -> assertThat(Long.decode(l.get("blockNumber").asText())).isLessThanOrEqualTo(head - 5));

        sim.mineBlocks(3); // the lagging endpoint announced these heads already: nothing new to show
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
        sim.mineBlocks(3); // head + 6 exists now; the endpoint shows head + 1
        assertThat(ws.nextResult(sub).get("number").asText()).isEqualTo(hex(head + 1));
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
        faulty.lagBehind(0);
        for (long n = head + 2; n <= head + 6; n++) {
            assertThat(ws.nextResult(sub).get("number").asText()).isEqualTo(hex(n));
        }
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(sim.head().number()));
    }

    @Test
    void lieAboutHeadReportsHeadsThatDoNotExist() {
        WsClient ws = connect(faulty);
        String heads = ws.subscribe("newHeads");
        WsClient logWs = connect(faulty);
        String logs = logWs.subscribe("logs", Map.of());
        faulty.lieAboutHead(1000);
        long real = sim.head().number();
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(real + 1000));
        assertThat(rpc.result("eth_getBlockByNumber", hex(real + 1000), false).isNull()).isTrue();

        SimBlock mined = sim.mineBlock();
        JsonNode lie = ws.nextResult(heads);
        assertThat(lie.get("number").asText()).isEqualTo(hex(mined.number() + 1000));
        assertThat(rpc.result("eth_getBlockByHash", lie.get("hash").asText(), false).isNull()).isTrue();
        assertThat(logWs.nextResult(logs).get("blockHash").asText()).isEqualTo(mined.hash().hex());

        faulty.lieAboutHead(0);
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(sim.head().number()));
    }

    @Test
    void dropNotificationsSilentlyLosesNotifications() {
        WsClient ws = connect(faulty);
        String sub = ws.subscribe("newHeads");
        faulty.dropNotifications(1.0);
        sim.mineBlocks(5);
        assertThat(ws.drainUntilQuiet(QUIET)).isEmpty();
        assertThat(faulty.stats().notificationsDropped()).isEqualTo(5);

        faulty.dropNotifications(0.5);
        sim.mineBlocks(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> faulty.stats().notificationsDropped() + faulty.stats().notificationsQueued() >= 205);
        List<String> got = ws.drainUntilQuiet(QUIET);
        assertThat(got.size()).isBetween(60, 140);

        faulty.dropNotifications(0);
        sim.mineBlock();
        assertThat(ws.nextResult(sub).get("hash").asText()).isEqualTo(sim.head().hash().hex());
    }

    @Test
    void mildChaosInjectsFaultsNowAndThenAndHealsWhenClosed() {
        sim.startMildChaos(0, Duration.ofMillis(100));
        // Faults last 33 ms or 1 s, healthy spells at least 50 ms: poll faster than either.
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> !faulty.faults().equals(Faults.NONE));
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> faulty.faults().equals(Faults.NONE));
        assertThat(healthy.result("eth_chainId").asText()).isEqualTo("0x1");
    }

    @Test
    void clearFaultsRestoresAHealthyEndpoint() {
        faulty.errorRate(1);
        faulty.malformed(true);
        faulty.lagBehind(3);
        faulty.down();
        faulty.clearFaults();
        assertThat(faulty.faults()).isEqualTo(Faults.NONE);
        assertThat(rpc.result("eth_blockNumber").asText()).isEqualTo(hex(sim.head().number()));
    }
}
