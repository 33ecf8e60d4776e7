package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.sim.testing.WsClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Solana PubSub over a real loopback WebSocket: slot, logs, account and program subscriptions, with Solana's shapes. */
@Timeout(60)
class SolanaSubscriptionTest {
    private static final String PUMP = SolanaPrograms.PUMP.base58();
    private static final Duration QUIET = Duration.ofMillis(300);

    private SolanaSimulator sim;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        sim = SolanaSimulator.start(SolanaSimConfig.manual(31));
    }

    @AfterEach
    void close() {
        clients.forEach(WsClient::close);
        sim.close();
    }

    private WsClient connect() {
        WsClient c = WsClient.connect(sim.endpoint(0).wsUrl());
        clients.add(c);
        return c;
    }

    /** Pump transactions of the blocks at {@code slots}, in order. */
    private List<SimSolanaTransaction> pumpTransactions(List<Long> slots) {
        List<SimSolanaTransaction> out = new ArrayList<>();
        for (long s : slots) {
            sim.block(s).ifPresent(b -> b.transactions().stream().filter(t -> t.accountKeys().contains(SolanaPrograms.PUMP))
                    .forEach(out::add));
        }
        return out;
    }

    @Test
    void logsMentioningPumpArriveForEveryPumpTransactionInSolanasShape() {
        WsClient ws = connect();
        long sub = ws.subscribeTo("logsSubscribe", Map.of("mentions", List.of(PUMP)), Map.of("commitment", "processed"));
        List<Long> slots = sim.produceSlots(6).stream().map(SlotOutcome::slot).toList();
        List<SimSolanaTransaction> expected = pumpTransactions(slots);
        assertThat(expected).isNotEmpty();
        String first = ws.nextText(Duration.ofSeconds(5));
        assertThat(first).startsWith("{\"jsonrpc\":\"2.0\",\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":")
                .endsWith(",\"subscription\":" + sub + "}}");
        List<JsonNode> results = new ArrayList<>();
        results.add(RpcClient.parse(first).get("params").get("result"));
        for (int i = 1; i < expected.size(); i++) {
            results.add(ws.nextNotification("logsNotification", sub));
        }
        for (int i = 0; i < expected.size(); i++) {
            SimSolanaTransaction t = expected.get(i);
            JsonNode r = results.get(i);
            assertThat(r.get("context").get("slot").asLong()).isEqualTo(t.slot());
            JsonNode value = r.get("value");
            assertThat(value.get("signature").asText()).isEqualTo(t.signature());
            assertThat(value.get("err").isNull()).isEqualTo(!t.failed());
            List<String> logs = new ArrayList<>();
            value.get("logs").forEach(l -> logs.add(l.asText()));
            assertThat(logs).isEqualTo(t.logMessages());
            assertThat(logs.getFirst()).startsWith("Program ComputeBudget111111111111111111111111111111 invoke [1]");
        }
        assertThat(ws.poll(QUIET)).as("nothing but pump transactions").isNull();
    }

    @Test
    void confirmedAndFinalizedSubscribersHearOfABlockWhenItGetsThere() {
        WsClient confirmed = connect();
        long c = confirmed.subscribeTo("logsSubscribe", "all", Map.of("commitment", "confirmed"));
        WsClient finalized = connect();
        long f = finalized.subscribeTo("logsSubscribe", "all");
        long first = sim.produceSlots(1).getFirst().slot();
        assertThat(confirmed.poll(QUIET)).as("two slots behind the tip: not confirmed yet").isNull();
        sim.produceSlots(2);
        assertThat(sim.slot(Commitment.CONFIRMED)).isEqualTo(first);
        JsonNode n = confirmed.nextNotification("logsNotification", c);
        assertThat(n.get("context").get("slot").asLong()).isEqualTo(first);
        assertThat(finalized.poll(QUIET)).isNull();
        sim.produceSlots(33);
        JsonNode fin = finalized.nextNotification("logsNotification", f);
        assertThat(fin.get("context").get("slot").asLong()).isGreaterThan(sim.config().startSlot()).isLessThanOrEqualTo(sim.slot(Commitment.FINALIZED));
    }

    @Test
    void slotNotificationsCarryParentAndRootAndSkipSkippedSlots() {
        WsClient ws = connect();
        long sub = ws.subscribeTo("slotSubscribe");
        long before = sim.slot(Commitment.PROCESSED);
        sim.skipSlots(2);
        long next = sim.produceSlots(1).getFirst().slot();
        JsonNode r = ws.nextNotification("slotNotification", sub);
        assertThat(r.get("slot").asLong()).isEqualTo(next).isEqualTo(before + 3);
        assertThat(r.get("parent").asLong()).isEqualTo(before);
        assertThat(r.get("root").asLong()).isEqualTo(sim.slot(Commitment.FINALIZED));
        assertThat(ws.poll(QUIET)).isNull();
    }

    @Test
    void accountSubscribeFollowsABondingCurveTradeByTrade() {
        SimCurve curve = sim.curves().getFirst();
        WsClient ws = connect();
        long sub = ws.subscribeTo("accountSubscribe", curve.bondingCurve().base58(), Map.of("encoding", "base64", "commitment", "processed"));
        List<JsonNode> updates = new ArrayList<>();
        for (int i = 0; i < 60 && updates.size() < 2; i++) {
            sim.produceSlots(1);
            JsonNode n;
            while ((n = ws.poll(Duration.ofMillis(50))) != null) {
                assertThat(n.get("method").asText()).isEqualTo("accountNotification");
                assertThat(n.get("params").get("subscription").asLong()).isEqualTo(sub);
                updates.add(n.get("params").get("result"));
            }
        }
        assertThat(updates).as("the curve traded").isNotEmpty();
        JsonNode last = updates.getLast();
        JsonNode now = new RpcClient(sim.endpoint(0).httpUrl()).result("getAccountInfo", curve.bondingCurve().base58(),
                Map.of("encoding", "base64", "commitment", "processed"));
        assertThat(last.get("value")).isEqualTo(now.get("value"));
        assertThat(last.get("context").get("slot").asLong()).isLessThanOrEqualTo(now.get("context").get("slot").asLong());
        byte[] data = Base64.getDecoder().decode(last.get("value").get("data").get(0).asText());
        SimCurve after = sim.curves().stream().filter(c -> c.mint().equals(curve.mint())).findFirst().orElseThrow();
        ByteBuffer le = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.getLong(8)).isEqualTo(after.virtualTokenReserves());
        assertThat(le.getLong(16)).isEqualTo(after.virtualSolReserves());
        assertThat(le.getLong(24)).isEqualTo(after.realTokenReserves());
        assertThat(le.getLong(32)).isEqualTo(after.realSolReserves());
    }

    @Test
    void programSubscribeWithFiltersSeesOnlyMatchingCurves() {
        WsClient ws = connect();
        long sub = ws.subscribeTo("programSubscribe", PUMP, Map.of("encoding", "base64", "commitment", "processed",
                "filters", List.of(Map.of("dataSize", 150))));
        sim.produceSlots(5);
        int seen = 0;
        JsonNode n;
        while ((n = ws.poll(QUIET)) != null) {
            assertThat(n.get("method").asText()).isEqualTo("programNotification");
            assertThat(n.get("params").get("subscription").asLong()).isEqualTo(sub);
            JsonNode value = n.get("params").get("result").get("value");
            assertThat(value.get("account").get("owner").asText()).isEqualTo(PUMP);
            assertThat(value.get("account").get("space").asInt()).isEqualTo(150);
            assertThat(value.get("pubkey").asText()).isNotEmpty();
            seen++;
        }
        assertThat(seen).isPositive();
        long nothing = ws.subscribeTo("programSubscribe", PUMP, Map.of("encoding", "base64", "commitment", "processed",
                "filters", List.of(Map.of("dataSize", 151))));
        sim.produceSlots(3);
        Iterator<String> rest = ws.drainUntilQuiet(QUIET).iterator();
        while (rest.hasNext()) {
            assertThat(RpcClient.parse(rest.next()).get("params").get("subscription").asLong()).isNotEqualTo(nothing);
        }
    }

    @Test
    void unsubscribeStopsNotificationsAndRefusesUnknownIds() {
        WsClient ws = connect();
        long sub = ws.subscribeTo("slotSubscribe");
        assertThat(ws.call("slotUnsubscribe", sub).get("result").asBoolean()).isTrue();
        sim.produceSlots(2);
        assertThat(ws.poll(QUIET)).isNull();
        JsonNode again = ws.call("slotUnsubscribe", sub).get("error");
        assertThat(again.get("code").asInt()).isEqualTo(-32602);
        assertThat(again.get("message").asText()).isEqualTo("Invalid subscription id.");
        JsonNode two = ws.call("logsSubscribe", Map.of("mentions", List.of(PUMP, SolanaPrograms.PUMP_AMM.base58()))).get("error");
        assertThat(two.get("message").asText()).isEqualTo("Invalid Request: Only 1 address supported");
        long a = ws.subscribeTo("slotSubscribe");
        long b = ws.subscribeTo("slotSubscribe");
        assertThat(b).isGreaterThan(a);
    }
}
