package io.chainwatch.store;

import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.market.Burn;
import io.chainwatch.market.LogPosition;
import io.chainwatch.market.Mint;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.PoolState;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test data and directories shared by the store tests. */
final class Fixtures {
    static final Address FACTORY = Address.of("0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f");
    static final Address TOKEN0 = Address.of("0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48");
    static final Address TOKEN1 = Address.of("0xc02aaa39b223fe8d0a5e5c4f27ead9083c756cc2");

    private Fixtures() {
    }

    /**
     * JUnit makes temporary directories rwx------; PostgreSQL runs as nobody when the tests run as
     * root, and must be able to traverse them.
     */
    static Path traversable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /** A hash made from a label and a number, distinct for distinct inputs. */
    static Hash32 hash(long label, long n) {
        return new Hash32(label, n, ~n, 0x1234_5678_9abc_def0L ^ label);
    }

    static Address pool(int i) {
        return new Address(0x1000_0000 + i, i, ~i);
    }

    /** Block {@code n} of a branch: hash and parent both from {@code branch}. */
    static BlockRef block(long branch, long n) {
        return new BlockRef(n, hash(branch, n), hash(branch, n - 1));
    }

    static LogPosition position(String chain, BlockRef b, int logIndex) {
        return new LogPosition(chain, b.number(), b.hash(), hash(99, b.number() * 10_000 + logIndex), logIndex / 4, logIndex);
    }

    /** {@code n} events of every kind in turn, all of block {@code b}. */
    static List<PoolEvent> events(String chain, BlockRef b, int n, SplittableRandom random) {
        List<PoolEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LogPosition p = position(chain, b, i);
            Address pool = pool(i % 50);
            out.add(switch (i % 5) {
                case 0 -> new Sync(p, pool, u112(random), u112(random));
                case 1 -> new Swap(p, pool, pool(1000 + i), pool(2000 + i), u112(random), U256.ZERO, U256.ZERO, u112(random));
                case 2 -> new Mint(p, pool, pool(3000 + i), u112(random), u112(random));
                case 3 -> new Burn(p, pool, pool(4000 + i), pool(5000 + i), u112(random), u112(random));
                default -> new PairCreated(p, FACTORY, TOKEN0, TOKEN1, pool(6000 + i), i);
            });
        }
        return out;
    }

    /** A realistic reserve or amount: below 2^112, often above 2^64. */
    static U256 u112(SplittableRandom random) {
        return new U256(0, 0, random.nextLong() & 0xFFFF_FFFF_FFFFL, random.nextLong());
    }

    static PoolState poolState(String chain, int i, BlockRef b, long r0, long r1) {
        return new PoolState(chain, "uniswap-v2", pool(i), TOKEN0, TOKEN1, 30, U256.of(r0), U256.of(r1), b.number(), b.hash());
    }
}
