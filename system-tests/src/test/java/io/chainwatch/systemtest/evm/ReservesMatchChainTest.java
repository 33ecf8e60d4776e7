package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.store.EmbeddedPostgres;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #2's first promise, end to end on the real Uniswap V2 contracts: whatever mix of swaps,
 * mints and burns lands on chain, one per block or several in one block, every tracked pool's
 * reserves equal {@code getReserves()} exactly, in the API, the pool book and the store.
 */
@Timeout(180)
class ReservesMatchChainTest {
    @TempDir
    Path dir;

    @Test
    void reservesOfEveryPoolOfBothFactoriesEqualGetReservesAtTheHead() throws Exception {
        try (Anvil anvil = Anvil.start(); EmbeddedPostgres pg = TestPostgres.start(dir)) {
            UniswapV2Fixture fixture = UniswapV2Fixture.deploy(anvil, new UniswapV2Fixture.Layout(2, 3, PoolActivity.tokens(1_000_000_000)));
            PoolActivity activity = new PoolActivity(anvil, fixture, 11);
            activity.seedLiquidity();
            for (int i = 0; i < 4; i++) {
                activity.step();
            }
            // Started after the pairs were created and funded: the history is backfilled, the rest followed live.
            ChainwatchYaml yaml = ChainwatchYaml.of("local", Anvil.CHAIN_ID, List.of(anvil.wsUrl(), anvil.httpUrl()),
                    fixture.factories(), pg.jdbcUrl());
            try (Chainwatch cw = Chainwatch.start(yaml.parse());
                 ApiClient api = new ApiClient(cw.apiPort());
                 StoreReader store = new StoreReader(pg.jdbcUrl(), "local")) {
                List<Pair> pairs = fixture.pairs();
                for (int r = 0; r < 3; r++) {
                    int round = r;
                    Pair a = pairs.get(round);
                    Pair b = pairs.get(round + 3); // the same market on the other factory
                    // One block: two Syncs of one pool (their order decides the result), a mint and a burn elsewhere.
                    activity.inOneBlock(() -> {
                        activity.swap(a);
                        activity.mint(b);
                        activity.swap(a);
                        activity.burn(pairs.get((round + 1) % pairs.size()));
                    });
                    activity.mint(a);
                    activity.burn(b);
                    activity.step();
                    activity.step();
                }
                long head = Checks.awaitCaughtUp(cw, anvil, store);

                assertThat(activity.actions()).isGreaterThanOrEqualTo(24);
                Checks.assertReservesEqualChain(cw, api, store, fixture, head);
            }
        }
    }
}
