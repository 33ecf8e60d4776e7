package io.chainwatch.systemtest.evm;

import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.BlockRef;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.evm.ingest.ChainStatus;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.store.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fork deeper than maxReorgDepth is not followed: no state is rolled back, nothing stored is
 * marked removed, the checkpoint stays, and the endpoints that serve it are quarantined with the
 * reason. chainwatch stops rather than guess (fail closed) until an operator looks.
 */
@Timeout(180)
class DeepReorgRefusedTest {
    @TempDir
    Path dir;

    @Test
    void forkDeeperThanTheBoundIsRefusedAndNothingIsRolledBack() throws Exception {
        try (EmbeddedPostgres pg = TestPostgres.start(dir);
             EvmSimulator sim = EvmSimulator.start(SimConfig.manual(77).withEndpoints(2))) {
            sim.mineBlocks(12);
            ChainwatchYaml yaml = new ChainwatchYaml("deep", sim.config().chainId(),
                    List.of(sim.endpoint(0).wsUrl().toString(), sim.endpoint(1).httpUrl().toString()), sim.factories(), pg.jdbcUrl(),
                    200, 3, 100, "");
            try (Chainwatch cw = Chainwatch.start(yaml.parse()); StoreReader store = new StoreReader(pg.jdbcUrl(), "deep")) {
                long head = sim.head().number();
                Awaitility.await("caught up").atMost(Checks.CATCH_UP).pollInterval(Duration.ofMillis(100))
                        .until(() -> store.checkpoint().map(BlockRef::number).orElse(-1L) == head);
                BlockRef checkpoint = store.checkpoint().orElseThrow();
                long liveEvents = store.countEvents(false);

                sim.reorg(6, 7); // twice the bound deep, one block longer
                Awaitility.await("the deep fork refused").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Checks.chain(cw).status().refusedReorgs() >= 1);
                Thread.sleep(2_000); // time to do anything wrong, had it a mind to

                ChainStatus status = Checks.chain(cw).status();
                assertThat(status.reorgs()).as("rollbacks").isZero();
                assertThat(status.processed()).isEqualTo(head);
                assertThat(store.checkpoint()).contains(checkpoint);
                assertThat(store.countEvents(true)).as("no event marked removed").isEqualTo(store.countEvents(false));
                assertThat(store.countEvents(false)).isEqualTo(liveEvents);
                List<Endpoint> quarantined = Checks.chain(cw).endpoints().all().stream().filter(Endpoint::quarantined).toList();
                assertThat(quarantined).isNotEmpty();
                assertThat(quarantined.getFirst().quarantineReason()).contains("maxReorgDepth");
                assertThat(cw.metrics().scrape()).contains("chainwatch_reorgs_refused_total{chain=\"deep\"}");
            }
        }
    }
}
