package io.chainwatch.sim.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProductionModesTest {

    @Test
    void timedProductionMinesOnItsOwnAndAnnouncesEveryBlock() {
        try (EvmSimulator sim = EvmSimulator.start(SimConfig.manual(41).withEndpoints(1).withProduction(BlockProduction.everyMs(20)));
             WsClient ws = WsClient.connect(sim.endpoint(0).wsUrl())) {
            String sub = ws.subscribe("newHeads");
            JsonNode first = ws.nextResult(sub);
            long n = Long.decode(first.get("number").asText());
            for (int i = 1; i <= 10; i++) {
                assertThat(Long.decode(ws.nextResult(sub).get("number").asText())).isEqualTo(n + i);
            }
        }
    }

    @Test
    void randomReorgsRetractLogsAndRewindHeads() {
        SimConfig config = SimConfig.manual(42).withEndpoints(1).withProduction(BlockProduction.everyMs(10)).withReorgProbability(0.3);
        try (EvmSimulator sim = EvmSimulator.start(config);
             WsClient heads = WsClient.connect(sim.endpoint(0).wsUrl());
             WsClient logs = WsClient.connect(sim.endpoint(0).wsUrl())) {
            String headSub = heads.subscribe("newHeads");
            String logSub = logs.subscribe("logs", Map.of());
            long last = Long.decode(heads.nextResult(headSub).get("number").asText());
            boolean rewound = false;
            for (int i = 0; i < 200 && !rewound; i++) {
                long n = Long.decode(heads.nextResult(headSub).get("number").asText());
                rewound = n <= last;
                last = n;
            }
            assertThat(rewound).as("a head at or below the previous one").isTrue();
            boolean removed = false;
            while (!removed) {
                removed = logs.nextResult(logSub).get("removed").asBoolean();
            }
        }
    }

    @Test
    void loadProductionWaitsForSubscribersAndThenRunsAsFastAsTheyRead() {
        SimConfig config = SimConfig.load(43).withSwapsPerBlock(100);
        try (EvmSimulator sim = EvmSimulator.start(config)) {
            long idle = sim.head().number();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> sim.head().number() == idle);
            try (WsClient ws = WsClient.connect(sim.endpoint(0).wsUrl())) {
                String sub = ws.subscribe("logs", Map.of("topics", java.util.List.of(UniswapV2Events.SWAP.hex())));
                for (int i = 0; i < 5_000; i++) {
                    assertThat(ws.nextResult(sub).get("topics").get(0).asText()).isEqualTo(UniswapV2Events.SWAP.hex());
                }
                assertThat(sim.head().number()).isGreaterThanOrEqualTo(idle + 50);
            }
            assertThat(sim.endpoint(0).stats().slowSubscribersDisconnected()).isZero();
        }
    }
}
