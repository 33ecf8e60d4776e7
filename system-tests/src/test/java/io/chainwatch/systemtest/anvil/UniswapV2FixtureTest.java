package io.chainwatch.systemtest.anvil;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class UniswapV2FixtureTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);
    private static final Reserves EMPTY = new Reserves(BigInteger.ZERO, BigInteger.ZERO, 0);

    private Anvil anvil;
    private UniswapV2Fixture fixture;

    @BeforeEach
    void deploy() throws IOException {
        anvil = Anvil.start();
        fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 2, tokens(1_000_000_000)));
    }

    @AfterEach
    void stopAnvil() {
        anvil.close();
    }

    @Test
    void deploysTwoFactoriesEachWithPairsOverTheSameTokenPairs() {
        assertThat(fixture.tokens()).hasSize(3).doesNotHaveDuplicates();
        assertThat(fixture.factories()).hasSize(2).doesNotHaveDuplicates();
        assertThat(fixture.pairs()).hasSize(4);
        List<Pair> first = fixture.pairs(fixture.factories().get(0));
        List<Pair> second = fixture.pairs(fixture.factories().get(1));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(Set.of(first.get(i).token0(), first.get(i).token1()))
                    .isEqualTo(Set.of(fixture.tokens().get(i), fixture.tokens().get(i + 1)));
            assertThat(second.get(i).token0()).isEqualTo(first.get(i).token0());
            assertThat(second.get(i).token1()).isEqualTo(first.get(i).token1());
            assertThat(second.get(i).address()).isNotEqualTo(first.get(i).address());
        }
        for (Pair pair : fixture.pairs()) {
            // Same-length lower-case hex sorts like the uint160 the factory compares.
            assertThat(pair.token0().hex()).isLessThan(pair.token1().hex());
            assertThat(fixture.reserves(pair)).isEqualTo(EMPTY);
        }
        long head = anvil.blockNumber();
        assertThat(fixture.balanceOf(fixture.tokens().get(0), fixture.wallet().address(), head)).isEqualTo(tokens(1_000_000_000));
    }

    @Test
    void reservesFollowConstantProductMathThroughMintsSwapsAndBurns() {
        int k = 0;
        for (Pair pair : fixture.pairs()) {
            k++;
            // A different price on every pool, so the two factories disagree about each market.
            BigInteger a0 = tokens(10_000L * k);
            BigInteger a1 = tokens(25_000L + 7_000L * k);

            PoolChange mint = fixture.addLiquidity(pair, a0, a1);
            long mintBlock = blockOf(mint);
            Reserves afterMint = fixture.reserves(pair);
            assertThat(afterMint.amounts()).isEqualTo(new Reserves(a0, a1, 0));
            assertThat(mint.liquidity()).isEqualTo(a0.multiply(a1).sqrt().subtract(BigInteger.valueOf(1000)));
            assertThat(lpHeld(pair)).isEqualTo(mint.liquidity());

            PoolChange topUp = fixture.addLiquidity(pair, a0.divide(BigInteger.TWO), a1);
            Reserves afterTopUp = fixture.reserves(pair);
            assertThat(afterTopUp.amounts()).isEqualTo(topUp.applyTo(afterMint));
            BigInteger supply = fixture.totalSupply(pair, blockOf(mint));
            // Unbalanced deposit: the pair mints for the scarcer side only.
            assertThat(topUp.liquidity()).isEqualTo(a0.divide(BigInteger.TWO).multiply(supply).divide(a0));
            assertThat(lpHeld(pair)).isEqualTo(mint.liquidity().add(topUp.liquidity()));

            Reserves before = afterTopUp;
            BigInteger in0 = tokens(37).add(BigInteger.valueOf(k));
            PoolChange sell0 = fixture.swap(pair, pair.token0(), in0);
            assertThat(sell0.amount1Out()).isEqualTo(expectedOut(in0, before.reserve0(), before.reserve1()));
            assertThat(sell0.amount0Out()).isZero();
            Reserves afterSell0 = fixture.reserves(pair);
            assertThat(afterSell0.amounts()).isEqualTo(new Reserves(before.reserve0().add(in0), before.reserve1().subtract(sell0.amount1Out()), 0));
            assertThat(product(afterSell0)).isGreaterThan(product(before));

            BigInteger in1 = tokens(1_234);
            PoolChange sell1 = fixture.swap(pair, pair.token1(), in1);
            assertThat(sell1.amount0Out()).isEqualTo(expectedOut(in1, afterSell0.reserve1(), afterSell0.reserve0()));
            Reserves afterSell1 = fixture.reserves(pair);
            assertThat(afterSell1.amounts()).isEqualTo(new Reserves(afterSell0.reserve0().subtract(sell1.amount0Out()), afterSell0.reserve1().add(in1), 0));
            assertThat(product(afterSell1)).isGreaterThan(product(afterSell0));

            BigInteger burnt = lpHeld(pair).divide(BigInteger.TWO);
            BigInteger supplyBeforeBurn = fixture.totalSupply(pair, anvil.blockNumber());
            BigInteger wallet0Before = fixture.balanceOf(pair.token0(), fixture.wallet().address(), anvil.blockNumber());
            PoolChange burn = fixture.removeLiquidity(pair, burnt);
            assertThat(burn.amount0Out()).isEqualTo(burnt.multiply(afterSell1.reserve0()).divide(supplyBeforeBurn));
            assertThat(burn.amount1Out()).isEqualTo(burnt.multiply(afterSell1.reserve1()).divide(supplyBeforeBurn));
            Reserves afterBurn = fixture.reserves(pair);
            assertThat(afterBurn.amounts()).isEqualTo(new Reserves(
                    afterSell1.reserve0().subtract(burn.amount0Out()), afterSell1.reserve1().subtract(burn.amount1Out()), 0));
            assertThat(fixture.balanceOf(pair.token0(), fixture.wallet().address(), anvil.blockNumber()))
                    .isEqualTo(wallet0Before.add(burn.amount0Out()));

            // History stays readable: the pool as it was right after the first mint.
            assertThat(fixture.reserves(pair, mintBlock)).isEqualTo(afterMint);
            assertThat(fixture.reserves(pair, mintBlock - 1)).isEqualTo(EMPTY);
        }
    }

    @Test
    void severalActionsInOneBlockMatchChainedPredictions() {
        Pair pool = fixture.pairs().get(0);
        Pair other = fixture.pairs().get(1);
        fixture.addLiquidity(pool, tokens(50_000), tokens(80_000));
        fixture.addLiquidity(other, tokens(10_000), tokens(10_000));
        Reserves poolBefore = fixture.reserves(pool);
        Reserves otherBefore = fixture.reserves(other);
        long head = anvil.blockNumber();

        anvil.automine(false);
        PoolChange first = fixture.swap(pool, pool.token0(), tokens(500));
        PoolChange second = fixture.swap(pool, pool.token1(), tokens(2_000));
        PoolChange third = fixture.swap(pool, pool.token0(), tokens(3));
        PoolChange mint = fixture.addLiquidity(other, tokens(100), tokens(300));
        assertThat(anvil.blockNumber()).isEqualTo(head);
        anvil.mine();

        Set<Object> blocks = new HashSet<>();
        for (PoolChange change : List.of(first, second, third, mint)) {
            for (String tx : change.txHashes()) {
                blocks.add(fixture.wallet().requireSuccess(tx).get("blockNumber"));
            }
        }
        assertThat(blocks).containsExactly(Hex.quantity(head + 1));
        // Each prediction was made against the pending block, so they chain.
        assertThat(second.amount0Out()).isEqualTo(expectedOut(tokens(2_000), first.applyTo(poolBefore).reserve1(), first.applyTo(poolBefore).reserve0()));
        assertThat(fixture.reserves(pool).amounts()).isEqualTo(third.applyTo(second.applyTo(first.applyTo(poolBefore))));
        assertThat(fixture.reserves(other).amounts()).isEqualTo(mint.applyTo(otherBefore));
        assertThat(fixture.reserves(pool, head)).isEqualTo(poolBefore);
    }

    @Test
    void reorgOfDepthTwoRewritesTheSwapBlocksAndUndoesTheSwap() {
        Pair pair = fixture.pairs().get(2);
        fixture.addLiquidity(pair, tokens(1_000), tokens(4_000));
        Reserves before = fixture.reserves(pair);
        long ancestor = anvil.blockNumber();
        Hash32 ancestorHash = anvil.blockHash(ancestor);

        PoolChange swap = fixture.swap(pair, pair.token1(), tokens(40));
        long head = anvil.blockNumber();
        assertThat(head).as("transfer and swap, one block each").isEqualTo(ancestor + 2);
        assertThat(fixture.reserves(pair).amounts()).isEqualTo(swap.applyTo(before));
        List<Hash32> oldHashes = List.of(anvil.blockHash(head - 1), anvil.blockHash(head));

        anvil.reorg(2, List.of());

        assertThat(anvil.blockNumber()).isEqualTo(head);
        assertThat(anvil.blockHash(ancestor)).isEqualTo(ancestorHash);
        assertThat(anvil.blockHash(head - 1)).isNotEqualTo(oldHashes.get(0));
        assertThat(anvil.blockHash(head)).isNotEqualTo(oldHashes.get(1));
        assertThat(fixture.reserves(pair)).isEqualTo(before);
        assertThat(anvil.rpc("eth_getTransactionReceipt", swap.txHashes().getLast())).isNull();
    }

    /** The V2 formula written out again here, so the test does not check the fixture against itself. */
    private static BigInteger expectedOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
        BigInteger amountInWithFee = amountIn.multiply(BigInteger.valueOf(997));
        BigInteger numerator = amountInWithFee.multiply(reserveOut);
        BigInteger denominator = reserveIn.multiply(BigInteger.valueOf(1000)).add(amountInWithFee);
        return numerator.divide(denominator);
    }

    private static BigInteger product(Reserves r) {
        return r.reserve0().multiply(r.reserve1());
    }

    private static BigInteger tokens(long whole) {
        return BigInteger.valueOf(whole).multiply(E18);
    }

    private BigInteger lpHeld(Pair pair) {
        Address wallet = fixture.wallet().address();
        return fixture.balanceOf(pair.address(), wallet, anvil.blockNumber());
    }

    private long blockOf(PoolChange change) {
        return Hex.quantity((String) fixture.wallet().receipt(change.txHashes().getLast()).get("blockNumber"));
    }
}
