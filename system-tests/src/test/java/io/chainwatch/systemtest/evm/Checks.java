package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.Address;
import io.chainwatch.core.BlockRef;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.evm.ingest.EvmChainIngestor;
import io.chainwatch.market.PoolState;
import io.chainwatch.systemtest.anvil.Anvil;
import io.chainwatch.systemtest.anvil.Pair;
import io.chainwatch.systemtest.anvil.Reserves;
import io.chainwatch.systemtest.anvil.UniswapV2Fixture;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits and comparisons the chainwatch system tests share. Limits are generous: the machine is shared. */
final class Checks {
    static final Duration CATCH_UP = Duration.ofSeconds(90);

    private Checks() {
    }

    static EvmChainIngestor chain(Chainwatch cw) {
        return cw.chains().getFirst();
    }

    /**
     * Waits until chainwatch has processed anvil's head and committed it (the store's checkpoint is
     * anvil's head block, hash and all), with no traffic running; returns that head.
     */
    static long awaitCaughtUp(Chainwatch cw, Anvil anvil, StoreReader store) {
        long[] head = {-1};
        try {
            Awaitility.await("chainwatch at anvil's head").atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
                long h = anvil.blockNumber();
                ChainStatus s = chain(cw).status();
                Optional<BlockRef> cp = store.checkpoint();
                head[0] = h;
                return s.processed() == h && cp.isPresent() && cp.get().number() == h && cp.get().hash().equals(anvil.blockHash(h));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("chainwatch did not reach anvil's head " + head[0] + ": status " + chain(cw).status()
                    + ", checkpoint " + store.checkpoint() + ", endpoints " + chain(cw).endpoints().all().stream()
                    .map(x -> x.health().toString()).toList(), e);
        }
        return head[0];
    }

    /** Waits until the store's checkpoint is anvil's head block, hash and all, with no traffic running; returns that head. */
    static long awaitCommitted(Anvil anvil, StoreReader store, Duration atMost) {
        long[] head = {-1};
        try {
            Awaitility.await("checkpoint at anvil's head").atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
                long h = anvil.blockNumber();
                head[0] = h;
                Optional<BlockRef> cp = store.checkpoint();
                return cp.isPresent() && cp.get().number() == h && cp.get().hash().equals(anvil.blockHash(h));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the store did not reach anvil's head " + head[0] + ": checkpoint " + store.checkpoint(), e);
        }
        return head[0];
    }

    /**
     * Every pair deployed is tracked, nothing else is, and each one's reserves in the API, in the
     * pool book and in the store are exactly {@code getReserves()} at {@code head}.
     */
    static void assertReservesEqualChain(Chainwatch cw, ApiClient api, StoreReader store, UniswapV2Fixture fixture, long head) {
        Map<Address, Reserves> onChain = new HashMap<>();
        for (Pair p : fixture.pairs()) {
            onChain.put(p.address(), fixture.reserves(p, head).amounts());
        }
        Set<Address> deployed = onChain.keySet();
        assertThat(onChain.values()).as("the traffic moved every pool").allSatisfy(r -> assertThat(r.reserve0()).isPositive());

        List<ApiClient.ApiPool> fromApi = api.pools();
        assertThat(fromApi.stream().map(ApiClient.ApiPool::address).collect(Collectors.toSet())).as("pools in the API").isEqualTo(deployed);
        assertThat(fromApi).hasSize(deployed.size());
        for (ApiClient.ApiPool p : fromApi) {
            assertThat(new Reserves(p.reserve0(), p.reserve1(), 0)).as("API reserves of %s at block %d", p.address(), head)
                    .isEqualTo(onChain.get(p.address()));
            assertThat(p.blockNumber()).isLessThanOrEqualTo(head);
        }
        assertPools("pool book", chain(cw).book().snapshot(), onChain, head);
        assertPools("store", store.pools(), onChain, head);
        for (Pair p : fixture.pairs()) {
            String dex = "dex-" + (char) ('a' + fixture.factories().indexOf(p.factory()));
            assertThat(fromApi).filteredOn(x -> x.address().equals(p.address())).extracting(ApiClient.ApiPool::dex).containsExactly(dex);
        }
    }

    private static void assertPools(String where, List<PoolState> pools, Map<Address, Reserves> onChain, long head) {
        assertThat(pools.stream().map(PoolState::address).collect(Collectors.toSet())).as("pools in the " + where).isEqualTo(onChain.keySet());
        for (PoolState s : pools) {
            assertThat(new Reserves(s.reserve0().toBigInteger(), s.reserve1().toBigInteger(), 0))
                    .as("%s reserves of %s at block %d", where, s.address(), head).isEqualTo(onChain.get(s.address()));
        }
    }
}
