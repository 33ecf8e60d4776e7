package io.chainwatch.store;

import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;
import io.chainwatch.store.EvmStore.BlockBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.chainwatch.store.Fixtures.block;
import static io.chainwatch.store.Fixtures.events;
import static io.chainwatch.store.Fixtures.poolState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EvmStore on a real embedded PostgreSQL, one server for the class; each test uses its own chain. */
@Timeout(60)
class EvmStoreTest {
    @TempDir
    static Path dir;
    static Database db;
    static EvmStore store;

    private final SplittableRandom random = new SplittableRandom(42);
    private String chain;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(new StorageConfig("embedded", null, null, Fixtures.traversable(dir)));
        store = db.evmStore(InstantSource.fixed(Instant.parse("2025-01-02T03:04:05Z")));
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void chainPerTest(TestInfo test) {
        chain = test.getTestMethod().orElseThrow().getName();
    }

    private BlockBatch batch(long branch, long number, int events, PoolState... pools) {
        BlockRef b = block(branch, number);
        return new BlockBatch(chain, b, events(chain, b, events, random), List.of(pools));
    }

    @Test
    void committingTheSameBlocksTwiceKeepsOneCopyOfEachEvent() {
        List<BlockBatch> blocks = List.of(batch(1, 10, 40), batch(1, 11, 25), batch(1, 12, 0));

        store.commit(blocks);
        store.commit(blocks);
        store.commit(List.of(blocks.get(1), blocks.get(1), blocks.get(2)));

        assertThat(store.countEvents(chain, true)).isEqualTo(65);
        assertThat(store.events(chain, 0, 100, true))
                .containsExactlyElementsOf(concat(blocks.get(0).events(), blocks.get(1).events()));
        assertThat(store.checkpoint(chain)).contains(block(1, 12));
    }

    @Test
    void replayOverlappingStoredBlocksAddsOnlyTheNewOnes() {
        List<BlockBatch> blocks = List.of(batch(1, 1, 10), batch(1, 2, 10), batch(1, 3, 10));
        store.commit(blocks.subList(0, 2));

        store.commit(blocks);

        assertThat(store.countEvents(chain, true)).isEqualTo(30);
        assertThat(store.recentBlocks(chain, 10)).containsExactly(block(1, 3), block(1, 2), block(1, 1));
    }

    @Test
    void eventsOfEveryKindReadBackAsTheSameRecords() {
        BlockBatch b = batch(1, 7, 50);

        store.commit(List.of(b));

        assertThat(store.events(chain, 7, 7, false)).containsExactlyElementsOf(b.events());
        assertThat(store.events(chain, 8, 100, false)).isEmpty();
    }

    @Test
    void rollbackMarksOrphanedEventsRemovedAndRestoresPoolsAndCheckpoint() {
        for (long n = 1; n <= 5; n++) {
            store.commit(List.of(batch(1, n, 10, poolState(chain, 0, block(1, n), 100 * n, 200 * n))));
        }
        store.commit(List.of(batch(1, 6, 10, poolState(chain, 1, block(1, 6), 7, 8))));
        PoolState atThree = poolState(chain, 0, block(1, 3), 300, 600);

        store.rollback(chain, 3, block(1, 3).hash(), List.of(atThree));

        assertThat(store.checkpoint(chain)).contains(block(1, 3));
        assertThat(store.countEvents(chain, true)).isEqualTo(60);
        assertThat(store.countEvents(chain, false)).isEqualTo(30);
        assertThat(store.events(chain, 4, 6, false)).isEmpty();
        assertThat(store.events(chain, 4, 6, true)).hasSize(30);
        assertThat(store.recentBlocks(chain, 10)).containsExactly(block(1, 3), block(1, 2), block(1, 1));
        // Pool 1 was first seen on the orphaned branch: gone.
        assertThat(store.pools(chain)).containsExactly(atThree);

        List<BlockBatch> branch2 = List.of(batch(2, 4, 5), batch(2, 5, 5));
        store.commit(branch2);

        assertThat(store.countEvents(chain, false)).isEqualTo(40);
        assertThat(store.events(chain, 4, 5, false)).containsExactlyElementsOf(concat(branch2.get(0).events(), branch2.get(1).events()));
        assertThat(store.recentBlocks(chain, 2)).containsExactly(block(2, 5), block(2, 4));
        assertThat(store.checkpoint(chain)).contains(block(2, 5));
    }

    @Test
    void aBlockThatComesBackAfterARollbackCountsAgain() {
        List<BlockBatch> blocks = List.of(batch(1, 1, 10), batch(1, 2, 10), batch(1, 3, 10));
        store.commit(blocks);
        store.rollback(chain, 1, block(1, 1).hash(), List.of());
        assertThat(store.countEvents(chain, false)).isEqualTo(10);

        store.commit(blocks.subList(1, 3));

        assertThat(store.countEvents(chain, false)).isEqualTo(30);
        assertThat(store.countEvents(chain, true)).isEqualTo(30);
        assertThat(store.checkpoint(chain)).contains(block(1, 3));
    }

    @Test
    void committingAnotherBlockAtAStoredHeightRetractsTheOldOnesEvents() {
        store.commit(List.of(batch(1, 1, 10), batch(1, 2, 10)));

        BlockBatch replacement = batch(2, 2, 4);
        store.commit(List.of(replacement));

        assertThat(store.events(chain, 2, 2, false)).containsExactlyElementsOf(replacement.events());
        assertThat(store.countEvents(chain, true)).isEqualTo(24);
        assertThat(store.recentBlocks(chain, 1)).containsExactly(block(2, 2));
    }

    @Test
    void aCommitThatFailsMidwayLeavesNothingOfItself() {
        store.commit(List.of(batch(1, 1, 10, poolState(chain, 0, block(1, 1), 1, 1))));
        // pools.dex is NOT NULL: the pool upsert fails after blocks and events went in.
        PoolState bad = new PoolState(chain, null, Fixtures.pool(9), Fixtures.TOKEN0, Fixtures.TOKEN1, 30, U256.of(1), U256.ZERO,
                2, block(1, 2).hash());
        List<BlockBatch> failing = List.of(batch(1, 2, 10, poolState(chain, 0, block(1, 2), 2, 2)), batch(1, 3, 10, bad));

        assertThatThrownBy(() -> store.commit(failing))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("commit of 2 block(s) of chain '" + chain + "' #2..#3 failed and was rolled back")
                .hasMessageContaining("dex");

        assertThat(store.countEvents(chain, true)).isEqualTo(10);
        assertThat(store.checkpoint(chain)).contains(block(1, 1));
        assertThat(store.recentBlocks(chain, 10)).containsExactly(block(1, 1));
        assertThat(store.pools(chain)).containsExactly(poolState(chain, 0, block(1, 1), 1, 1));

        // The same failure on the replay path (events already stored), then the good commit works.
        assertThatThrownBy(() -> store.commit(List.of(batch(1, 1, 10, bad)))).isInstanceOf(StorageException.class);
        store.commit(failing.subList(0, 1));
        assertThat(store.countEvents(chain, true)).isEqualTo(20);
        assertThat(store.checkpoint(chain)).contains(block(1, 2));
    }

    @Test
    void u256ValuesRoundTripExactlyUpTo2To256Minus1() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(9999),
                BigInteger.valueOf(10_000), BigInteger.valueOf(Long.MAX_VALUE), BigInteger.ONE.shiftLeft(63),
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(64), BigInteger.TEN.pow(18),
                BigInteger.TEN.pow(77), BigInteger.TEN.pow(77).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(112).subtract(BigInteger.ONE),
                max.subtract(BigInteger.ONE), max));
        for (int i = 0; i < 400; i++) {
            values.add(new BigInteger(1 + random.nextInt(256), new java.util.Random(random.nextLong())));
        }
        BlockRef b = block(1, 1);
        List<PoolEvent> events = new ArrayList<>();
        for (int i = 0; i + 1 < values.size(); i += 2) {
            var p = Fixtures.position(chain, b, events.size());
            events.add(new Sync(p, Fixtures.pool(i), U256.of(values.get(i)), U256.of(values.get(i + 1))));
        }
        var p = Fixtures.position(chain, b, events.size());
        events.add(new Swap(p, Fixtures.pool(1), Fixtures.pool(2), Fixtures.pool(3), U256.of(max), U256.ZERO, U256.of(BigInteger.TEN.pow(77)),
                U256.of(BigInteger.ONE.shiftLeft(255))));
        PoolState pool = new PoolState(chain, "uniswap-v2", Fixtures.pool(0), Fixtures.TOKEN0, Fixtures.TOKEN1, 30, U256.of(max),
                U256.of(max.shiftRight(1)), 1, b.hash());

        store.commit(List.of(new BlockBatch(chain, b, events, List.of(pool))));

        assertThat(store.events(chain, 1, 1, false)).containsExactlyElementsOf(events);
        assertThat(store.pools(chain)).containsExactly(pool);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT amount0_in::text FROM pool_events WHERE kind = 'Swap' AND chain = '" + chain + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(max.toString());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void checkpointAndRecentBlocksAfterCommits() {
        assertThat(store.checkpoint(chain)).isEmpty();
        assertThat(store.recentBlocks(chain, 5)).isEmpty();

        store.commit(List.of(batch(1, 100, 1), batch(1, 101, 1)));
        store.commit(List.of(batch(1, 102, 1)));

        assertThat(store.checkpoint(chain)).contains(block(1, 102));
        assertThat(store.recentBlocks(chain, 2)).containsExactly(block(1, 102), block(1, 101));
        assertThat(store.recentBlocks(chain, 0)).isEmpty();
        assertThat(store.checkpoint("another-" + chain)).isEmpty();
    }

    @Test
    void theLastStateOfAPoolInOneCommitWins() {
        store.commit(List.of(batch(1, 1, 0, poolState(chain, 0, block(1, 1), 1, 1)),
                batch(1, 2, 0, poolState(chain, 0, block(1, 2), 2, 2), poolState(chain, 1, block(1, 2), 5, 5))));

        assertThat(store.pools(chain)).containsExactly(poolState(chain, 0, block(1, 2), 2, 2), poolState(chain, 1, block(1, 2), 5, 5));
    }

    @Test
    void anEventOfAnotherBlockIsRefusedBeforeAnythingIsWritten() {
        BlockBatch stray = new BlockBatch(chain, block(1, 2), batch(1, 1, 3).events(), List.of());

        assertThatThrownBy(() -> store.commit(List.of(batch(1, 0, 1), stray)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not of its batch's block " + chain + " #2");
        assertThat(store.checkpoint(chain)).isEmpty();
    }

    @Test
    void rollbackToABlockTheStoreDoesNotHoldFails() {
        store.commit(List.of(batch(1, 1, 1), batch(1, 2, 1)));
        Hash32 other = block(7, 1).hash();

        assertThatThrownBy(() -> store.rollback(chain, 1, other, List.of()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the stored block #1 is " + block(1, 1).hash());
        assertThatThrownBy(() -> store.rollback(chain, 0, block(1, 0).hash(), List.of()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("no block #0 is stored");
        assertThat(store.countEvents(chain, false)).isEqualTo(2);
        assertThat(store.checkpoint(chain)).contains(block(1, 2));
    }

    private static List<PoolEvent> concat(List<PoolEvent> a, List<PoolEvent> b) {
        List<PoolEvent> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
