package io.chainwatch.market;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class PoolBookTest {
    private static final Address FACTORY = new Address(0xF, 0, 1);
    private static final Address OTHER_FACTORY = new Address(0xE, 0, 1);
    private static final Address PAIR_A = new Address(0xA, 0, 1);
    private static final Address PAIR_B = new Address(0xB, 0, 1);

    private static LogPosition at(long block, int log) {
        return new LogPosition("t", block, new Hash32(0, 0, 0, block), Hash32.ZERO, 0, log);
    }

    private static PairCreated created(long block, Address factory, Address pair) {
        return new PairCreated(at(block, 0), factory, new Address(1, 0, 0), new Address(2, 0, 0), pair, 1);
    }

    private static Sync sync(long block, Address pair, long r0, long r1) {
        return new Sync(at(block, 1), pair, U256.of(r0), U256.of(r1));
    }

    private static PoolBook book() {
        return new PoolBook("t", Map.of(FACTORY, new PoolBook.Dex("uni", 30, 2)));
    }

    @Test
    void rollbackRestoresEveryPoolToTheAncestorAndDropsPoolsCreatedAfterIt() {
        PoolBook book = book();
        book.apply(created(2, FACTORY, PAIR_A));
        book.apply(sync(2, PAIR_A, 100, 200));
        book.apply(sync(3, PAIR_A, 110, 182));
        book.apply(created(4, FACTORY, PAIR_B));
        book.apply(sync(4, PAIR_B, 5, 5));
        book.apply(sync(5, PAIR_A, 120, 167));

        var restored = book.rollbackTo(3);

        assertThat(book.pool(PAIR_A).orElseThrow().reserve0()).isEqualTo(U256.of(110));
        assertThat(book.pool(PAIR_A).orElseThrow().blockNumber()).isEqualTo(3);
        assertThat(book.isPool(PAIR_B)).as("created above the ancestor").isFalse();
        assertThat(restored).extracting(PoolState::address).containsExactly(PAIR_A);
        assertThat(book.snapshot()).hasSize(1);
    }

    @Test
    void untrackedFactoriesPoolsAndBlocksBeforeTheStartAreIgnored() {
        PoolBook book = book();
        assertThat(book.apply(created(1, FACTORY, PAIR_A))).as("before the start block").isEmpty();
        assertThat(book.apply(created(3, OTHER_FACTORY, PAIR_B))).as("another factory").isEmpty();
        assertThat(book.apply(sync(3, PAIR_B, 1, 1))).as("an unknown pool").isEmpty();
        assertThat(book.snapshot()).isEmpty();
    }

    @Test
    void pruneForgetsOnlyWhatCanNoLongerBeReorged() {
        PoolBook book = book();
        book.apply(created(2, FACTORY, PAIR_A));
        for (long b = 3; b <= 10; b++) {
            book.apply(sync(b, PAIR_A, b, b));
        }
        book.prune(6);
        assertThat(book.journalSize()).isEqualTo(4); // blocks 7..10
        book.rollbackTo(8);
        assertThat(book.pool(PAIR_A).orElseThrow().reserve0()).isEqualTo(U256.of(8));
    }
}
