package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.BlockRef;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.sim.fault.FaultProxy;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three endpoints to one anvil, each through its own fault proxy (WebSocket, WebSocket, HTTP),
 * with a swap every ~150 ms. The endpoint carrying the newHeads subscription is cut off (refused),
 * then the one the subscription moved to hangs (stalled): chainwatch must keep up through both and
 * end with every block, every event and every reserve exactly as on chain.
 */
@Timeout(240)
class FailoverTest {
    private static final String CHAIN = "local";

    @TempDir
    Path dir;

    @Test
    void refusedThenStalledSubscriptionEndpointsLoseNoBlock() throws Exception {
        List<FaultProxy> proxies = new ArrayList<>();
        try (Anvil anvil = Anvil.start(); EmbeddedPostgres pg = TestPostgres.start(dir)) {
            for (int i = 0; i < 3; i++) {
                proxies.add(FaultProxy.start(new InetSocketAddress("127.0.0.1", anvil.port())));
            }
            UniswapV2Fixture fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 2, PoolActivity.tokens(1_000_000_000)));
            ChainwatchYaml yaml = ChainwatchYaml.of(CHAIN, Anvil.CHAIN_ID, List.of(
                    "ws://127.0.0.1:" + proxies.get(0).port(),
                    "ws://127.0.0.1:" + proxies.get(1).port(),
                    "http://127.0.0.1:" + proxies.get(2).port()), fixture.factories(), pg.jdbcUrl());
            try (PoolActivity activity = new PoolActivity(anvil, fixture, 37);
                 Chainwatch cw = Chainwatch.start(yaml.parse());
                 ApiClient api = new ApiClient(cw.apiPort());
                 StoreReader store = new StoreReader(pg.jdbcUrl(), CHAIN)) {
                activity.seedLiquidity();
                activity.startContinuous(Duration.ofMillis(150));

                int first = awaitSubscriptionOnAnyOf(cw, yaml, List.of(0, 1));
                awaitProgress(cw, anvil, "before any fault");
                proxies.get(first).refuse();
                int second = awaitSubscriptionOnAnyOf(cw, yaml, List.of(1 - first));
                awaitProgress(cw, anvil, "with the first subscription endpoint refused");

                proxies.get(second).stall();
                awaitProgress(cw, anvil, "with the first endpoint refused and the second stalled");
                Awaitility.await("the stalled endpoint demoted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !endpoint(cw, second).usable());
                Awaitility.await("head polling over HTTP once no WebSocket endpoint is usable").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> Checks.chain(cw).status().headSource().equals("polling"));
                awaitProgress(cw, anvil, "on the HTTP endpoint alone");

                activity.stop();
                assertThat(activity.actions()).isGreaterThan(20);
                long head = Checks.awaitCaughtUp(cw, anvil, store);

                TreeMap<Long, BlockRef> blocks = store.blocks();
                assertThat(blocks.firstKey()).isZero();
                assertThat(blocks.lastKey()).isEqualTo(head);
                assertThat(blocks).hasSize((int) head + 1);
                for (long n = 0; n <= head; n++) {
                    assertThat(blocks.get(n).hash()).as("stored hash of block %d", n).isEqualTo(anvil.blockHash(n));
                }
                assertThat(store.liveEvents()).isEqualTo(AnvilLogs.asSet(AnvilLogs.poolLogs(anvil, fixture, head)));
                assertThat(store.countEvents(false)).isEqualTo(AnvilLogs.poolLogs(anvil, fixture, head).size());
                Checks.assertReservesEqualChain(cw, api, store, fixture, head);
                assertThat(endpoint(cw, first).failures(FailureKind.REFUSED)
                        + endpoint(cw, first).failures(FailureKind.CLOSED)).isPositive();
                assertThat(endpoint(cw, second).failures(FailureKind.TIMEOUT)).isPositive();
            }
        } finally {
            proxies.forEach(FaultProxy::close);
        }
    }

    private static Endpoint endpoint(Chainwatch cw, int index) {
        return Checks.chain(cw).endpoints().all().get(index);
    }

    /** Waits until newHeads is followed on one of {@code candidates}; returns which. */
    private static int awaitSubscriptionOnAnyOf(Chainwatch cw, ChainwatchYaml yaml, List<Integer> candidates) {
        int[] found = {-1};
        Awaitility.await("newHeads followed on one of endpoints " + candidates).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    String source = Checks.chain(cw).status().headSource();
                    for (int i : candidates) {
                        if (source.equals("websocket:" + yaml.endpointId(i))) {
                            found[0] = i;
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** Waits until chainwatch has processed ten blocks beyond anvil's head now, with traffic running. */
    private static void awaitProgress(Chainwatch cw, Anvil anvil, String phase) {
        long target = anvil.blockNumber() + 10;
        Awaitility.await("chainwatch keeps up " + phase).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Checks.chain(cw).status().processed() >= target);
    }
}
