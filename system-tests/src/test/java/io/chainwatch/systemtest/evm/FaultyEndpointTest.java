package io.chainwatch.systemtest.evm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chainwatch.app.Chainwatch;
import io.chainwatch.core.Address;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointState;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.market.PoolState;
import io.chainwatch.sim.evm.EvmSimulator;
import io.chainwatch.sim.evm.SimConfig;
import io.chainwatch.sim.evm.SimEndpoint;
import io.chainwatch.sim.evm.SimPair;
import io.chainwatch.store.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One endpoint of three turns bad in one way at a time, on the simulator (blocks mined every
 * 250 ms from a background thread): broken JSON, answers over the size limit, another chain's id,
 * a head far beyond the chain. Each time the endpoint that carried the subscription is the one
 * that fails. chainwatch must say so in a log line, count it by kind, take the endpoint out of
 * service, and keep ingesting from the others with reserves exact.
 */
@Timeout(300)
class FaultyEndpointTest {
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    enum Fault {
        MALFORMED("malformed", "malformed", e -> e.malformed(true)),
        // Padded past chainwatch's limit: a well-formed answer, just far too big.
        OVERSIZED("oversized", "oversized", e -> e.oversized(2 * MAX_RESPONSE_BYTES)),
        WRONG_CHAIN_ID("wrong_chain", "chain id 999", e -> e.wrongChainId(999)),
        LYING_HEAD("lying_head", "head", e -> e.lieAboutHead(500));

        final String kind;
        final String logFragment;
        final Consumer<SimEndpoint> apply;

        Fault(String kind, String logFragment, Consumer<SimEndpoint> apply) {
            this.kind = kind;
            this.logFragment = logFragment;
            this.apply = apply;
        }

        String chain() {
            return "sim-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @TempDir
    static Path dir;
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = TestPostgres.start(dir);
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void faultyEndpointIsLoggedCountedAndDemotedWhileIngestionGoesOn(Fault fault) throws Exception {
        Logger chainwatchLog = (Logger) LoggerFactory.getLogger("io.chainwatch");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        chainwatchLog.addAppender(logs);
        try (EvmSimulator sim = EvmSimulator.start(SimConfig.manual(fault.ordinal() + 101).withEndpoints(3));
             Miner miner = new Miner(sim)) {
            sim.mineBlocks(3);
            ChainwatchYaml yaml = ChainwatchYaml.of(fault.chain(), sim.config().chainId(), List.of(
                    sim.endpoint(0).wsUrl().toString(), sim.endpoint(1).wsUrl().toString(), sim.endpoint(2).httpUrl().toString()),
                    sim.factories(), pg.jdbcUrl()).withChainKeys("maxResponseBytes: " + MAX_RESPONSE_BYTES);
            try (Chainwatch cw = Chainwatch.start(yaml.parse())) {
                Endpoint faulty = Checks.chain(cw).endpoints().all().getFirst();
                Awaitility.await("newHeads followed on " + faulty.id()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Checks.chain(cw).status().headSource().equals("websocket:" + faulty.id()));
                awaitCaughtUpWithReserves(cw, sim, miner);

                fault.apply.accept(sim.endpoint(0));

                Awaitility.await(faulty.id() + " demoted after " + fault).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !faulty.usable() && (faulty.quarantined() || faulty.health().state() == EndpointState.BENCHED));
                assertThat(failureCount(cw, faulty, fault.kind)).as("chainwatch_endpoint_failures{kind=%s}", fault.kind).isPositive();
                assertThat(faulty.failures(FailureKind.valueOf(fault.kind.toUpperCase(Locale.ROOT)))).isPositive();
                Awaitility.await("the last failure of " + faulty.id() + " published").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(faulty.health().lastFailure())
                                .as("the endpoint's last failure, as the API shows it").containsIgnoringCase(fault.logFragment));
                Awaitility.await("a warning about " + faulty.id()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(warnings(logs)).as("warnings logged")
                                .anySatisfy(line -> assertThat(line).contains(faulty.id()).containsIgnoringCase(fault.logFragment)));
                Awaitility.await("the subscription moved off " + faulty.id()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !Checks.chain(cw).status().headSource().equals("websocket:" + faulty.id()));

                long headAtDemotion = sim.head().number();
                Awaitility.await("ingestion goes on without " + faulty.id()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Checks.chain(cw).status().processed() >= headAtDemotion + 8);
                awaitCaughtUpWithReserves(cw, sim, miner);
                assertThat(faulty.usable()).as("still out of service while the fault lasts").isFalse();
            }
        } finally {
            chainwatchLog.detachAppender(logs);
        }
    }

    /** Pauses mining, waits until chainwatch has processed the sim's head, and compares every pool with the sim's. */
    private static void awaitCaughtUpWithReserves(Chainwatch cw, EvmSimulator sim, Miner miner) {
        miner.pause();
        try {
            long head = sim.head().number();
            Awaitility.await("chainwatch at the simulator's head " + head).atMost(Checks.CATCH_UP).pollInterval(Duration.ofMillis(100))
                    .until(() -> Checks.chain(cw).status().processed() == head);
            Map<Address, BigInteger[]> tracked = new HashMap<>();
            for (PoolState s : Checks.chain(cw).book().snapshot()) {
                tracked.put(s.address(), new BigInteger[]{s.reserve0().toBigInteger(), s.reserve1().toBigInteger()});
            }
            assertThat(tracked.keySet()).as("tracked pools").isEqualTo(sim.pairs().stream().map(SimPair::pair).collect(Collectors.toSet()));
            for (SimPair p : sim.pairs()) {
                io.chainwatch.sim.evm.Reserves r = sim.reservesAt(p.pair(), head).orElseThrow();
                assertThat(tracked.get(p.pair())).as("reserves of %s at block %d", p.pair(), head).containsExactly(r.reserve0(), r.reserve1());
            }
        } finally {
            miner.resume();
        }
    }

    /** {@code chainwatch_endpoint_failures_total{endpoint=..., kind=...}} from the Prometheus text. */
    private static double failureCount(Chainwatch cw, Endpoint endpoint, String kind) {
        for (String line : cw.metrics().scrape().split("\n")) {
            if (line.startsWith("chainwatch_endpoint_failures") && line.contains("endpoint=\"" + endpoint.id() + "\"")
                    && line.contains("kind=\"" + kind + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no chainwatch_endpoint_failures line for " + endpoint.id() + " kind " + kind);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logs) {
        List<String> out = new ArrayList<>();
        synchronized (logs) {
            for (ILoggingEvent e : logs.list) {
                if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
                    out.add(e.getFormattedMessage());
                }
            }
        }
        return out;
    }
}
