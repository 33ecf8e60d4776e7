package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.sim.evm.Reserves;
import io.chainwatch.sim.evm.SimPair;
import io.chainwatch.sim.evm.UniswapV2Events;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Uniswap V2 factories and pairs, and every pair's reserves at the head of the chain being built.
 * Emits logs in the order the real contracts do: {@code _update} emits Sync before Swap, Mint and
 * Burn.
 *
 * <p>Owned by the simulator thread; not thread-safe.
 *
 * <p>Reserves stay far inside uint112 over long runs: swap direction leans back toward the initial
 * price once the price has moved 25%, and liquidity is minted or burned back toward the initial
 * {@code k} once fees (or burns) have moved it by a factor of two.
 */
final class PairMarket {
    private static final BigInteger FEE_KEPT = BigInteger.valueOf(997);
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
    private static final BigInteger TOKEN_UNIT = BigInteger.TEN.pow(16);

    private final ChainRandom random;
    private final List<Address> factories = new ArrayList<>();
    private final List<SimPair> pairs = new ArrayList<>();
    private final List<Address> traders = new ArrayList<>();
    /** The same Hash32 instance for every log that names the router or a trader: less to keep in history. */
    private final Map<Address, Hash32> topics = new HashMap<>();
    private final Address router;
    private final Address deployer;
    private final Map<Address, Reserves> reserves = new HashMap<>();
    private final Map<Address, Reserves> initial = new HashMap<>();

    PairMarket(ChainRandom random, int factoryCount, int pairsPerFactory) {
        this.random = random;
        this.router = random.address();
        this.deployer = random.address();
        for (int i = 0; i < 8; i++) {
            traders.add(random.address());
        }
        topics.put(router, topic(router));
        traders.forEach(t -> topics.put(t, topic(t)));
        // A hub token (think WETH) paired with one other token per pair; every factory lists the same pairs.
        List<Address> tokens = new ArrayList<>();
        for (int i = 0; i <= pairsPerFactory; i++) {
            tokens.add(random.address());
        }
        for (int f = 0; f < factoryCount; f++) {
            Address factory = random.address();
            factories.add(factory);
            for (int j = 0; j < pairsPerFactory; j++) {
                Address a = tokens.getFirst();
                Address b = tokens.get(j + 1);
                boolean aFirst = compare(a, b) < 0;
                pairs.add(new SimPair(factory, random.address(), aFirst ? a : b, aFirst ? b : a, j));
            }
        }
    }

    List<Address> factories() {
        return List.copyOf(factories);
    }

    List<SimPair> pairs() {
        return List.copyOf(pairs);
    }

    Map<Address, Reserves> reserves() {
        return Map.copyOf(reserves);
    }

    /** Puts the pairs back to their state after an earlier block (the fork point of a reorg). */
    void restore(Map<Address, Reserves> after) {
        reserves.clear();
        reserves.putAll(after);
    }

    /** PairCreated for every pair, then the first liquidity of each (Sync, Mint). */
    void createPairs(BlockBuilder block) {
        for (SimPair p : pairs) {
            block.beginTransaction(random.hash(), deployer, p.factory());
            block.log(p.factory(), List.of(UniswapV2Events.PAIR_CREATED, topic(p.token0()), topic(p.token1())),
                    List.of(word(p.pair()), U256.of(p.allPairsIndex() + 1L)));
        }
        Map<Integer, Reserves> firstListing = new HashMap<>();
        for (SimPair p : pairs) {
            BigInteger r0 = BigInteger.valueOf(random.between(1_000_000, 100_000_000)).multiply(TOKEN_UNIT);
            BigInteger r1 = BigInteger.valueOf(random.between(1_000_000, 100_000_000)).multiply(TOKEN_UNIT);
            // A pair listed on a later factory opens at the first listing's price (with its own depth), as a
            // new pool is seeded at the market price: gaps between factories come from the swaps after.
            Reserves first = firstListing.putIfAbsent(p.allPairsIndex(), new Reserves(r0, r1, 0));
            if (first != null) {
                r1 = r0.multiply(first.reserve1()).divide(first.reserve0());
            }
            Reserves start = new Reserves(r0, r1, uint32(block.timestamp()));
            initial.put(p.pair(), start);
            block.beginTransaction(random.hash(), trader(), router);
            sync(block, p, start);
            block.log(p.pair(), List.of(UniswapV2Events.MINT, topics.get(router)), List.of(U256.of(r0), U256.of(r1)));
        }
    }

    /** One swap on a random pair: constant product with the 0.3% fee, exact integer math. */
    void swap(BlockBuilder block) {
        SimPair p = pairs.get(random.below(pairs.size()));
        Reserves r = reserves.get(p.pair());
        boolean zeroForOne = random.chance(chanceToken0In(r, initial.get(p.pair())));
        BigInteger reserveIn = zeroForOne ? r.reserve0() : r.reserve1();
        BigInteger reserveOut = zeroForOne ? r.reserve1() : r.reserve0();
        BigInteger amountIn = reserveIn.multiply(BigInteger.valueOf(random.between(100, 10_000))).divide(MILLION)
                .add(BigInteger.valueOf(random.between(1, 1_000_000_000_000L)));
        BigInteger amountOut = amountOut(amountIn, reserveIn, reserveOut);
        BigInteger newIn = reserveIn.add(amountIn);
        BigInteger newOut = reserveOut.subtract(amountOut);
        Reserves next = zeroForOne
                ? new Reserves(newIn, newOut, uint32(block.timestamp()))
                : new Reserves(newOut, newIn, uint32(block.timestamp()));
        Address to = trader();
        block.beginTransaction(random.hash(), to, router);
        sync(block, p, next);
        U256 in = U256.of(amountIn);
        U256 out = U256.of(amountOut);
        block.log(p.pair(), List.of(UniswapV2Events.SWAP, topics.get(router), topics.get(to)), List.of(
                zeroForOne ? in : U256.ZERO, zeroForOne ? U256.ZERO : in, zeroForOne ? U256.ZERO : out, zeroForOne ? out : U256.ZERO));
    }

    /** {@code getAmountOut} of UniswapV2Library. */
    static BigInteger amountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
        BigInteger inWithFee = amountIn.multiply(FEE_KEPT);
        return inWithFee.multiply(reserveOut).divide(reserveIn.multiply(THOUSAND).add(inWithFee));
    }

    /** A mint or a burn of a few percent of a random pair's liquidity, at the current price. */
    void mintOrBurn(BlockBuilder block) {
        SimPair p = pairs.get(random.below(pairs.size()));
        Reserves r = reserves.get(p.pair());
        double kRatio = r.k().doubleValue() / initial.get(p.pair()).k().doubleValue();
        boolean mint;
        long ppm;
        if (kRatio > 2) {
            mint = false;
            ppm = (long) ((1 - 1 / Math.sqrt(kRatio)) * 1_000_000);
        } else if (kRatio < 0.5) {
            mint = true;
            ppm = (long) ((1 / Math.sqrt(kRatio) - 1) * 1_000_000);
        } else {
            mint = random.chance(0.5);
            ppm = random.between(10_000, 50_000);
        }
        BigInteger ppmBig = BigInteger.valueOf(ppm);
        BigInteger a0 = r.reserve0().multiply(ppmBig).divide(MILLION);
        BigInteger a1 = r.reserve1().multiply(ppmBig).divide(MILLION);
        Reserves next = mint
                ? new Reserves(r.reserve0().add(a0), r.reserve1().add(a1), uint32(block.timestamp()))
                : new Reserves(r.reserve0().subtract(a0), r.reserve1().subtract(a1), uint32(block.timestamp()));
        Address owner = trader();
        block.beginTransaction(random.hash(), owner, router);
        sync(block, p, next);
        if (mint) {
            block.log(p.pair(), List.of(UniswapV2Events.MINT, topics.get(router)), List.of(U256.of(a0), U256.of(a1)));
        } else {
            block.log(p.pair(), List.of(UniswapV2Events.BURN, topics.get(router), topics.get(owner)), List.of(U256.of(a0), U256.of(a1)));
        }
    }

    private void sync(BlockBuilder block, SimPair p, Reserves next) {
        reserves.put(p.pair(), next);
        block.log(p.pair(), List.of(UniswapV2Events.SYNC), List.of(U256.of(next.reserve0()), U256.of(next.reserve1())));
    }

    private static double chanceToken0In(Reserves r, Reserves start) {
        double priceDrift = r.reserve0().multiply(start.reserve1()).doubleValue()
                / r.reserve1().multiply(start.reserve0()).doubleValue();
        if (priceDrift > 1.25) {
            return 0.3;
        }
        return priceDrift < 0.8 ? 0.7 : 0.5;
    }

    private Address trader() {
        return traders.get(random.below(traders.size()));
    }

    private static long uint32(long seconds) {
        return seconds & 0xFFFF_FFFFL;
    }

    /** An address as a 32-byte topic: 12 zero bytes, then the 20 address bytes. */
    static Hash32 topic(Address a) {
        return new Hash32(0, a.hi() & 0xFFFF_FFFFL, a.mid(), a.lo());
    }

    static U256 word(Address a) {
        return new U256(0, a.hi() & 0xFFFF_FFFFL, a.mid(), a.lo());
    }

    /** Unsigned order of the 20 bytes, as Solidity compares addresses. */
    static int compare(Address a, Address b) {
        int c = Integer.compareUnsigned(a.hi(), b.hi());
        if (c == 0) {
            c = Long.compareUnsigned(a.mid(), b.mid());
        }
        return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
    }
}
