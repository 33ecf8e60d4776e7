package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.ReorgTx;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reorgs of depth 1 to 5 on a real node ({@code anvil_reorg}), each replacing blocks that held pool
 * events with blocks holding different swaps. chainwatch must roll back to the common ancestor,
 * mark the orphaned events removed, follow the new branch, and end with reserves equal to the chain.
 */
@Timeout(240)
class ReorgTest {
    private static final String CHAIN = "local";

    @TempDir
    Path dir;

    @Test
    void reorgsOfDepthOneToFiveAreRolledBackToTheAncestorAndFollowed() throws Exception {
        try (Anvil anvil = Anvil.start(); EmbeddedPostgres pg = TestPostgres.start(dir)) {
            UniswapV2Fixture fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 2, PoolActivity.tokens(1_000_000_000)));
            PoolActivity activity = new PoolActivity(anvil, fixture, 23);
            activity.seedLiquidity();
            ChainwatchYaml yaml = ChainwatchYaml.of(CHAIN, Anvil.CHAIN_ID, List.of(anvil.wsUrl(), anvil.httpUrl()), fixture.factories(),
                    pg.jdbcUrl());
            try (Chainwatch cw = Chainwatch.start(yaml.parse());
                 ApiClient api = new ApiClient(cw.apiPort());
                 StoreReader store = new StoreReader(pg.jdbcUrl(), CHAIN)) {
                for (int depth = 1; depth <= 5; depth++) {
                    reorgAndCheck(depth, anvil, fixture, activity, cw, api, store);
                }
            }
        }
    }

    private static void reorgAndCheck(int depth, Anvil anvil, UniswapV2Fixture fixture, PoolActivity activity, Chainwatch cw,
                                      ApiClient api, StoreReader store) {
        // Each swap is two blocks (transfer, swap) and ends on the block with its events.
        for (int i = 0; i < depth / 2 + 1; i++) {
            activity.swap(fixture.pairs().get(i % fixture.pairs().size()));
        }
        // At the head before the reorg, so the depth chainwatch sees is the depth anvil makes.
        long head = Checks.awaitCaughtUp(cw, anvil, store);
        long ancestor = head - depth;
        Set<Hash32> orphaned = new HashSet<>();
        for (long n = ancestor + 1; n <= head; n++) {
            orphaned.add(anvil.blockHash(n));
        }
        long[] before = store.eventsIn(orphaned);
        assertThat(before[0]).as("live events in the blocks about to be replaced (depth %d)", depth).isPositive();
        long removedBefore = store.countEvents(true) - store.countEvents(false);
        ChainStatus statusBefore = Checks.chain(cw).status();

        anvil.reorg(depth, replacementSwaps(depth, anvil, fixture, ancestor));

        assertThat(anvil.blockNumber()).isEqualTo(head);
        assertThat(transactionsIn(anvil, ancestor + 1)).as("the replacement swap is in the first new block").hasSize(2);
        Hash32 newHead = anvil.blockHash(head);
        Awaitility.await("chainwatch on the new branch after a reorg of depth " + depth).atMost(Checks.CATCH_UP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> store.checkpoint().map(BlockRef::hash).equals(Optional.of(newHead))
                        && Checks.chain(cw).status().processed() == head);

        ChainStatus s = Checks.chain(cw).status();
        assertThat(s.reorgs()).as("reorgs counted").isEqualTo(statusBefore.reorgs() + 1);
        assertThat(s.lastReorg()).isNotNull();
        // The first new block holds a different swap than the block it replaces, so every replaced
        // block has a new hash and the fork point is exactly `depth` below the head.
        assertThat(s.lastReorg().depth()).as("reorg depth").isEqualTo(depth);
        assertThat(s.lastReorg().ancestor()).isEqualTo(ancestor);
        assertThat(s.refusedReorgs()).isZero();

        long[] after = store.eventsIn(orphaned);
        assertThat(after[0]).as("orphaned events still live after a reorg of depth %d", depth).isZero();
        assertThat(after[1]).as("orphaned events kept, marked removed").isEqualTo(before[0] + before[1]);
        assertThat(store.countEvents(true) - store.countEvents(false)).isEqualTo(removedBefore + before[0]);
        assertThat(store.countEvents(true)).isGreaterThan(store.countEvents(false));

        Set<Hash32> canonical = new HashSet<>();
        TreeMap<Long, BlockRef> blocks = store.blocks();
        for (long n = ancestor; n <= head; n++) {
            Hash32 h = anvil.blockHash(n);
            canonical.add(h);
            assertThat(blocks.get(n)).as("stored block %d", n).isNotNull();
            assertThat(blocks.get(n).hash()).as("stored hash of block %d", n).isEqualTo(h);
        }
        assertThat(store.liveEventBlocksAbove(ancestor)).as("live events above the ancestor are on the new branch")
                .isNotEmpty().isSubsetOf(canonical);
        Checks.assertReservesEqualChain(cw, api, store, fixture, head);
    }

    /**
     * Different swaps for the new blocks: one at the first new block (so it differs from the
     * block it replaces), and for deeper reorgs one more in the last new block, on another pair.
     * Nonces and prices are those of the chain at the ancestor.
     */
    private static List<ReorgTx> replacementSwaps(int depth, Anvil anvil, UniswapV2Fixture fixture, long ancestor) {
        long nonce = Hex.quantity((String) anvil.rpc("eth_getTransactionCount", fixture.wallet().address().hex(), Hex.quantity(ancestor)));
        List<ReorgTx> txs = new ArrayList<>();
        Pair first = fixture.pairs().get(fixture.pairs().size() - 1);
        for (String raw : fixture.signSwap(first, first.token1(), priceShare(fixture.reserves(first, ancestor).reserve1(), depth), fixture.reserves(first, ancestor), nonce)) {
            txs.add(new ReorgTx.Signed(raw, 0));
        }
        if (depth >= 3) {
            Pair last = fixture.pairs().get(fixture.pairs().size() - 2);
            Reserves r = fixture.reserves(last, ancestor);
            for (String raw : fixture.signSwap(last, last.token0(), priceShare(r.reserve0(), depth + 7), r, nonce + 2)) {
                txs.add(new ReorgTx.Signed(raw, depth - 1));
            }
        }
        return txs;
    }

    private static BigInteger priceShare(BigInteger reserve, int k) {
        return reserve.divide(BigInteger.valueOf(40L + k));
    }

    private static List<?> transactionsIn(Anvil anvil, long number) {
        Map<?, ?> block = (Map<?, ?>) anvil.rpc("eth_getBlockByNumber", Hex.quantity(number), false);
        return (List<?>) block.get("transactions");
    }
}
