package io.chainwatch.systemtest.strategy;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.market.PoolState;
import io.chainwatch.strategy.arb.ArbitrageDetector;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Hop;
import io.chainwatch.strategy.arb.Opportunity;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arbitrage detector against the real Uniswap V2 contracts on anvil: two factories with a pool
 * of the same pair, a price gap made by a large swap on one of them, the opportunity found from the
 * pools' on-chain reserves, and its swaps executed through the real Router02 of each factory. What
 * the chain pays must be what the detector predicted, to the wei, hop by hop.
 */
@Timeout(180)
class ArbitrageOnAnvilTest {
    private static final BigInteger E18 = BigInteger.TEN.pow(18);

    private Anvil anvil;
    private UniswapV2Fixture fixture;

    @BeforeEach
    void deploy() throws IOException {
        anvil = Anvil.start();
        fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 1, E18.multiply(BigInteger.valueOf(1_000_000_000))));
    }

    @AfterEach
    void stop() {
        anvil.close();
    }

    @Test
    void theOpportunityFoundPaysOnChainExactlyWhatWasPredicted() {
        Address factoryA = fixture.factories().get(0);
        Address factoryB = fixture.factories().get(1);
        Pair pairA = fixture.pairs(factoryA).getFirst();
        Pair pairB = fixture.pairs(factoryB).getFirst();
        // The same market on both factories: 1,000 of token0 against 3,000,000 of token1.
        for (Pair p : List.of(pairA, pairB)) {
            fixture.addLiquidity(p, E18.multiply(BigInteger.valueOf(1_000)), E18.multiply(BigInteger.valueOf(3_000_000)));
        }
        // A large buy of token0 on factory A: token0 is dear there now.
        fixture.swap(pairA, pairA.token1(), E18.multiply(BigInteger.valueOf(150_000)));

        Address start = pairA.token0();
        ArbitrageDetector detector = new ArbitrageDetector(new ArbitrageDetector.Settings(Set.of(start), start, null, 21_000, 100_000, 64),
                InstantSource.system());
        detector.put(state(pairB, "b"));
        GasPrice gas = new GasPrice(baseFee(), BigInteger.valueOf(1_000_000_000L));
        List<Opportunity> found = detector.onChange(state(pairA, "a"), gas);
        assertThat(found).as("a 15%% price gap between the factories").isNotEmpty();
        Opportunity o = found.getFirst();
        List<Hop> hops = o.route().hops();
        assertThat(hops).hasSize(2);
        assertThat(hops.getFirst().pool().address()).as("sell token0 where it is dear first").isEqualTo(pairA.address());
        List<BigInteger> predicted = o.route().amountsOut(o.amountIn());

        Map<Address, Address> routers = Map.of(pairA.address(), fixture.deployRouter(factoryA), pairB.address(),
                fixture.deployRouter(factoryB));
        Address middle = hops.getFirst().tokenOut();
        BigInteger startBefore = fixture.balanceOf(start, fixture.wallet().address());
        BigInteger middleBefore = fixture.balanceOf(middle, fixture.wallet().address());
        long deadline = System.currentTimeMillis() / 1000 + 600;

        Address routerA = routers.get(hops.get(0).pool().address());
        fixture.approve(start, routerA, o.amountIn());
        fixture.wallet().requireSuccess(fixture.swapExactTokensForTokens(routerA, o.amountIn(), predicted.get(0), List.of(start, middle),
                deadline));
        BigInteger middleGot = fixture.balanceOf(middle, fixture.wallet().address()).subtract(middleBefore);
        assertThat(middleGot).as("hop 1 on chain").isEqualTo(predicted.get(0));

        Address routerB = routers.get(hops.get(1).pool().address());
        fixture.approve(middle, routerB, middleGot);
        fixture.wallet().requireSuccess(fixture.swapExactTokensForTokens(routerB, middleGot, predicted.get(1), List.of(middle, start),
                deadline));
        BigInteger startAfter = fixture.balanceOf(start, fixture.wallet().address());
        assertThat(startAfter.subtract(startBefore)).as("the route's profit on chain, to the wei").isEqualTo(o.profit());
        assertThat(o.amountOut()).isEqualTo(predicted.get(1));
        assertThat(o.profit()).isPositive();
    }

    private PoolState state(Pair p, String dex) {
        Reserves r = fixture.reserves(p);
        return new PoolState("anvil", dex, p.address(), p.token0(), p.token1(), 30, U256.of(r.reserve0()), U256.of(r.reserve1()),
                anvil.blockNumber(), Hash32.ZERO);
    }

    private BigInteger baseFee() {
        Object hex = anvil.rpc("eth_gasPrice");
        return new BigInteger(((String) hex).substring(2), 16);
    }
}
