package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.market.PoolState;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.RpcLimits;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.sim.evm.SimPair;
import io.chainwatch.store.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that refuses eth_getLogs answers over a few dozen logs ("query returned more than N
 * results", -32005, as hosted providers do): chainwatch asks for smaller ranges and still stores
 * every event, with exact reserves, without blaming the endpoint.
 */
@Timeout(180)
class LogLimitTest {
    @TempDir
    Path dir;

    @Test
    void tooManyLogsMakeTheRangeSmallerAndNothingIsLost() throws Exception {
        SimConfig config = SimConfig.manual(31).withEndpoints(1).withSwapsPerBlock(10)
                .withLimits(new RpcLimits(10_000, 60, RpcLimits.defaults().subscriberQueueMessages()));
        try (EmbeddedPostgres pg = TestPostgres.start(dir); EvmSimulator sim = EvmSimulator.start(config)) {
            sim.mineBlocks(40); // about 20 logs a block: 100-block ranges are far over the limit of 60
            ChainwatchYaml yaml = ChainwatchYaml.of("capped", sim.config().chainId(), List.of(sim.endpoint(0).httpUrl().toString()),
                    sim.factories(), pg.jdbcUrl());
            try (Chainwatch cw = Chainwatch.start(yaml.parse()); StoreReader store = new StoreReader(pg.jdbcUrl(), "capped")) {
                long head = sim.head().number();
                Awaitility.await("caught up").atMost(Checks.CATCH_UP).pollInterval(Duration.ofMillis(100))
                        .until(() -> store.checkpoint().map(BlockRef::number).orElse(-1L) == head);
                assertThat(store.countEvents(false)).as("every log of the tracked pools and factories, stored once")
                        .isEqualTo(sim.canonicalLogCount());
                Map<Address, BigInteger[]> tracked = new HashMap<>();
                for (PoolState s : Checks.chain(cw).book().snapshot()) {
                    tracked.put(s.address(), new BigInteger[]{s.reserve0().toBigInteger(), s.reserve1().toBigInteger()});
                }
                for (SimPair p : sim.pairs()) {
                    var r = sim.reservesAt(p.pair(), head).orElseThrow();
                    assertThat(tracked.get(p.pair())).containsExactly(r.reserve0(), r.reserve1());
                }
                var endpoint = Checks.chain(cw).endpoints().all().getFirst();
                assertThat(endpoint.quarantined()).isFalse();
                assertThat(endpoint.failures(io.chainwatch.endpoints.FailureKind.THROTTLED)).as("not taken for throttling").isZero();
            }
        }
    }
}
