package io.chainwatch.systemtest.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.market.PoolState;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chainwatch killed with -9 in the middle of a stream of swaps and started again on the same
 * database: not one event lost, not one stored twice, every block in place, reserves exact.
 */
@Timeout(240)
class KillRestartTest {
    private static final String CHAIN = "local";

    @TempDir
    Path dir;

    @Test
    void killedMidStreamAndRestartedLosesAndDoublesNoEvent() throws Exception {
        try (Anvil anvil = Anvil.start(); EmbeddedPostgres pg = TestPostgres.start(dir)) {
            UniswapV2Fixture fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 2, PoolActivity.tokens(1_000_000_000)));
            Path config = dir.resolve("chainwatch.yaml");
            Files.writeString(config, ChainwatchYaml.of(CHAIN, Anvil.CHAIN_ID, List.of(anvil.wsUrl(), anvil.httpUrl()), fixture.factories(),
                    pg.jdbcUrl()).withBackfillBatchBlocks(5).render());
            try (PoolActivity activity = new PoolActivity(anvil, fixture, 53);
                 StoreReader store = new StoreReader(pg.jdbcUrl(), CHAIN)) {
                activity.seedLiquidity();
                activity.startContinuous(Duration.ofMillis(120));

                ChildChainwatch first = ChildChainwatch.start(config, "first");
                long killedAt;
                try {
                    awaitCommittedAbove(store, first, anvil.blockNumber() + 10);
                    first.kill();
                    killedAt = store.checkpoint().map(BlockRef::number).orElse(-1L);
                } finally {
                    first.close();
                }
                // The chain moves on while nobody watches.
                long headAtKill = anvil.blockNumber();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> anvil.blockNumber() >= headAtKill + 15);

                try (ChildChainwatch second = ChildChainwatch.start(config, "second")) {
                    awaitCommittedAbove(store, second, anvil.blockNumber() + 10);
                    // Enough swaps for the comparison to mean something, however fast chainwatch caught up.
                    Awaitility.await().atMost(Duration.ofSeconds(60))
                            .until(() -> AnvilLogs.poolLogs(anvil, fixture, anvil.blockNumber()).size() > 120);
                    activity.stop();
                    long head = Checks.awaitCommitted(anvil, store, Checks.CATCH_UP);
                    assertThat(second.alive()).as("the restarted chainwatch is running").isTrue();
                    assertThat(second.output()).contains("resuming after block");
                    assertThat(killedAt).as("killed after it had committed something, before the head").isBetween(0L, head - 10);

                    List<StoreReader.LogKey> onChain = AnvilLogs.poolLogs(anvil, fixture, head);
                    assertThat(onChain).doesNotHaveDuplicates().hasSizeGreaterThan(100);
                    assertThat(store.liveEvents()).as("not-removed events in the store vs logs on chain").isEqualTo(AnvilLogs.asSet(onChain));
                    assertThat(store.liveEventRows()).as("event rows").isEqualTo(onChain.size());
                    assertThat(store.countEvents(false)).isEqualTo(onChain.size());
                    assertThat(store.countEvents(true)).as("no reorg happened, so nothing is marked removed").isEqualTo(onChain.size());

                    TreeMap<Long, BlockRef> blocks = store.blocks();
                    assertThat(blocks).hasSize((int) head + 1);
                    for (long n = 0; n <= head; n++) {
                        assertThat(blocks.get(n).hash()).as("stored hash of block %d", n).isEqualTo(anvil.blockHash(n));
                    }
                    Map<Address, Reserves> stored = new HashMap<>();
                    for (PoolState s : store.pools()) {
                        stored.put(s.address(), new Reserves(s.reserve0().toBigInteger(), s.reserve1().toBigInteger(), 0));
                    }
                    Map<Address, Reserves> expected = new HashMap<>();
                    for (Pair p : fixture.pairs()) {
                        expected.put(p.address(), fixture.reserves(p, head).amounts());
                    }
                    assertThat(stored).isEqualTo(expected);
                }
            }
        }
    }

    /** Waits until the child has committed a block above {@code number}; fails early if it died. */
    private static void awaitCommittedAbove(StoreReader store, ChildChainwatch child, long number) {
        Awaitility.await("chainwatch in " + child.log() + " committing past block " + number).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!child.alive()) {
                        throw new AssertionError("chainwatch exited early:\n" + child.output());
                    }
                    Optional<BlockRef> cp = store.checkpoint();
                    return cp.isPresent() && cp.get().number() > number;
                });
    }
}
