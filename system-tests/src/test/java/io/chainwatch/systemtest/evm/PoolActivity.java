package io.chainwatch.systemtest.evm;

import io.chainwatch.core.Address;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.PoolChange;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seeded, realistic pool traffic on anvil: swaps both ways, liquidity added and removed, on every
 * pair of every factory. Runs on the caller's thread ({@link #step()}) or on one background thread
 * ({@link #startContinuous}); never both, since the fixture's wallet is single-threaded.
 */
final class PoolActivity implements AutoCloseable {
    static final BigInteger E18 = BigInteger.TEN.pow(18);

    private final Anvil anvil;
    private final UniswapV2Fixture fixture;
    private final SplittableRandom random;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private volatile long actions; // written only by the one thread that acts
    private Thread thread;

    PoolActivity(Anvil anvil, UniswapV2Fixture fixture, long seed) {
        this.anvil = anvil;
        this.fixture = fixture;
        this.random = new SplittableRandom(seed);
    }

    /** First liquidity of every pair, at a different price on each. */
    void seedLiquidity() {
        int k = 0;
        for (Pair pair : fixture.pairs()) {
            k++;
            fixture.addLiquidity(pair, tokens(100_000L + 10_000L * k), tokens(250_000L + 7_000L * k));
        }
    }

    /** One random action on a random pair: mostly swaps, now and then a mint or a burn. */
    PoolChange step() {
        Pair pair = fixture.pairs().get(random.nextInt(fixture.pairs().size()));
        int dice = random.nextInt(10);
        if (dice == 0) {
            return mint(pair);
        }
        if (dice == 1) {
            return burn(pair);
        }
        return swap(pair);
    }

    /** Sells a random share of either token into {@code pair}. */
    PoolChange swap(Pair pair) {
        Address in = random.nextBoolean() ? pair.token0() : pair.token1();
        Reserves r = fixture.reserves(pair);
        BigInteger reserveIn = pair.isToken0(in) ? r.reserve0() : r.reserve1();
        BigInteger amount = reserveIn.divide(BigInteger.valueOf(100 + random.nextInt(900))).add(BigInteger.valueOf(1 + random.nextInt(1_000_000)));
        actions++;
        return fixture.swap(pair, in, amount);
    }

    /** Adds liquidity near the pool's price. */
    PoolChange mint(Pair pair) {
        Reserves r = fixture.reserves(pair);
        BigInteger share = BigInteger.valueOf(50 + random.nextInt(200));
        actions++;
        return fixture.addLiquidity(pair, r.reserve0().divide(share).add(BigInteger.ONE), r.reserve1().divide(share).add(BigInteger.ONE));
    }

    /** Burns a random share of the wallet's LP tokens of {@code pair}. */
    PoolChange burn(Pair pair) {
        BigInteger held = fixture.balanceOf(pair.address(), fixture.wallet().address(), anvil.blockNumber());
        BigInteger burn = held.divide(BigInteger.valueOf(10 + random.nextInt(40)));
        if (burn.signum() == 0) {
            return swap(pair);
        }
        actions++;
        return fixture.removeLiquidity(pair, burn);
    }

    /** Runs {@code actions} with automine off, then mines them into one block. */
    void inOneBlock(Runnable actions) {
        anvil.automine(false);
        try {
            actions.run();
            anvil.mine();
        } finally {
            anvil.automine(true);
        }
    }

    /** Runs {@link #step()} every {@code every} on a background thread until {@link #stop()}. */
    void startContinuous(Duration every) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("pool-activity").start(() -> {
            try {
                while (running) {
                    step();
                    Thread.sleep(every);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /** Stops the background thread and fails if it failed: traffic that stopped early proves less. */
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("pool traffic failed after " + actions + " actions", t);
        }
    }

    long actions() {
        return actions;
    }

    static BigInteger tokens(long whole) {
        return BigInteger.valueOf(whole).multiply(E18);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
