package io.chainwatch.sim.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chainwatch.core.Address;
import io.chainwatch.core.U256;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ground truth of the chain, without the network. */
@Timeout(30)
class ChainModelTest {

    private static SimConfig config(long seed) {
        return SimConfig.manual(seed).withEndpoints(1);
    }

    @Test
    void theSameSeedGivesTheSameChainAndAnotherSeedADifferentOne() {
        try (EvmSimulator a = EvmSimulator.start(config(5));
             EvmSimulator b = EvmSimulator.start(config(5));
             EvmSimulator c = EvmSimulator.start(config(6))) {
            List<SimBlock> fromA = a.mineBlocks(20);
            List<SimBlock> fromB = b.mineBlocks(20);
            List<SimBlock> fromC = c.mineBlocks(20);
            assertThat(fromA).extracting(SimBlock::hash).isEqualTo(fromB.stream().map(SimBlock::hash).toList());
            assertThat(fromA).extracting(SimBlock::logs).isEqualTo(fromB.stream().map(SimBlock::logs).toList());
            assertThat(fromA.getLast().hash()).isNotEqualTo(fromC.getLast().hash());
        }
    }

    @Test
    void blockOneCreatesEveryPairWithSortedTokensAndFirstLiquidity() {
        try (EvmSimulator sim = EvmSimulator.start(config(1))) {
            SimBlock one = sim.canonicalBlock(1).orElseThrow();
            List<SimLog> created = one.logs().stream().filter(l -> l.topic0().equals(UniswapV2Events.PAIR_CREATED)).toList();
            assertThat(created).hasSize(sim.pairs().size()).hasSize(6);
            for (int i = 0; i < created.size(); i++) {
                SimLog log = created.get(i);
                SimPair pair = sim.pairs().get(i);
                assertThat(log.address()).isEqualTo(pair.factory());
                assertThat(sim.factories()).contains(pair.factory());
                assertThat(Address.fromWord(log.topics().get(1).hex(), 2)).isEqualTo(pair.token0());
                assertThat(Address.fromWord(log.topics().get(2).hex(), 2)).isEqualTo(pair.token1());
                assertThat(pair.token0().hex()).isLessThan(pair.token1().hex());
                assertThat(Address.fromWord(log.dataHex(), 2)).isEqualTo(pair.pair());
                assertThat(log.data().get(1)).isEqualTo(U256.of(pair.allPairsIndex() + 1L));
            }
            assertThat(one.logs().stream().filter(l -> l.topic0().equals(UniswapV2Events.MINT))).hasSize(6);
            assertThat(one.reserves()).containsOnlyKeys(sim.pairs().stream().map(SimPair::pair).toArray(Address[]::new));
        }
    }

    @Test
    void reorgReplacesTheTailWithDifferentBlocksAndKeepsTheOrphansByHash() {
        try (EvmSimulator sim = EvmSimulator.start(config(2))) {
            sim.mineBlocks(10);
            long head = sim.head().number();
            Reorg reorg = sim.reorg(3, 4);
            assertThat(reorg.forkNumber()).isEqualTo(head - 3);
            assertThat(reorg.orphaned()).extracting(SimBlock::number).containsExactly(head - 2, head - 1, head);
            assertThat(reorg.adopted()).extracting(SimBlock::number).containsExactly(head - 2, head - 1, head, head + 1);
            assertThat(reorg.adopted().getFirst().parentHash()).isEqualTo(sim.canonicalBlock(head - 3).orElseThrow().hash());
            for (SimBlock orphan : reorg.orphaned()) {
                assertThat(sim.blockByHash(orphan.hash())).contains(orphan);
                assertThat(sim.isCanonical(orphan.hash())).isFalse();
                SimBlock replacement = sim.canonicalBlock(orphan.number()).orElseThrow();
                assertThat(replacement.hash()).isNotEqualTo(orphan.hash());
                assertThat(replacement.logs()).isNotEqualTo(orphan.logs());
            }
            assertThat(sim.head()).isEqualTo(reorg.adopted().getLast());
            long logs = LongStream.rangeClosed(0, sim.head().number())
                    .map(n -> sim.canonicalBlock(n).orElseThrow().logs().size()).sum();
            assertThat(sim.canonicalLogCount()).isEqualTo(logs);
        }
    }

    @Test
    void reserveGroundTruthFollowsTheCanonicalChainAcrossAReorg() {
        try (EvmSimulator sim = EvmSimulator.start(config(3))) {
            sim.mineBlocks(8);
            sim.reorg(2);
            for (SimPair pair : sim.pairs()) {
                Reserves lastSync = null;
                for (long n = 0; n <= sim.head().number(); n++) {
                    for (SimLog log : sim.canonicalBlock(n).orElseThrow().logs()) {
                        if (log.address().equals(pair.pair()) && log.topic0().equals(UniswapV2Events.SYNC)) {
                            lastSync = new Reserves(log.data().get(0).toBigInteger(), log.data().get(1).toBigInteger(), 0);
                        }
                    }
                    Reserves truth = sim.reservesAt(pair.pair(), n).orElse(null);
                    if (lastSync == null) {
                        assertThat(truth).isNull();
                    } else {
                        assertThat(truth.reserve0()).isEqualTo(lastSync.reserve0());
                        assertThat(truth.reserve1()).isEqualTo(lastSync.reserve1());
                    }
                }
            }
        }
    }

    @Test
    void timestampsStrictlyIncreaseEvenWhenTheClockStands() {
        InstantSource frozen = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));
        try (EvmSimulator sim = EvmSimulator.start(config(4).withClock(frozen))) {
            List<SimBlock> blocks = sim.mineBlocks(5);
            assertThat(sim.canonicalBlock(0).orElseThrow().timestamp()).isEqualTo(1735689600L);
            for (int i = 1; i < blocks.size(); i++) {
                assertThat(blocks.get(i).timestamp()).isEqualTo(blocks.get(i - 1).timestamp() + 1);
            }
        }
    }

    @Test
    void reorgsThatWouldReplaceThePairCreationBlockOrShortenTheChainAreRefused() {
        try (EvmSimulator sim = EvmSimulator.start(config(5))) {
            sim.mineBlocks(2);
            assertThatThrownBy(() -> sim.reorg(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block 1");
            assertThatThrownBy(() -> sim.reorg(2, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least as long");
            assertThat(sim.reorg(2).adopted()).hasSize(2);
        }
    }

    @Test
    void badConfigurationIsRefusedWithTheBadValue() {
        assertThatThrownBy(() -> SimConfig.manual(1).withEndpoints(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sim.endpoints: need 1..32, got 0");
        assertThatThrownBy(() -> SimConfig.manual(1).withReorgProbability(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> SimConfig.load(1).withLimits(new RpcLimits(10_000, 10_000, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriberQueueMessages");
    }
}
