package io.chainwatch.endpoints;

import io.chainwatch.core.config.EndpointConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Hedging and failover over real loopback HTTP. */
@Timeout(60)
class HedgedReaderTest {
    @Test
    void slowPrimaryIsBeatenByTheHedgeAndAFailedPrimaryFailsOver() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SlowJsonRpcServer slow = new SlowJsonRpcServer(); SlowJsonRpcServer fast = new SlowJsonRpcServer();
             JsonRpcHttp http = new JsonRpcHttp(1 << 20)) {
            // Timeouts far above the primary's delay: the fast answer must come from the hedge, not a timeout failover.
            Endpoint primary = new Endpoint("slow", new EndpointConfig(slow.url(), "eu", 1, 1000, 30_000), ScoringPolicy.DEFAULT);
            Endpoint second = new Endpoint("fast", new EndpointConfig(fast.url(), "us", 2, 1000, 30_000), ScoringPolicy.DEFAULT);
            EndpointPool pool = new EndpointPool("test", List.of(primary, second), ScoringPolicy.DEFAULT, new SplittableRandom(1), metrics);
            pool.evaluate();
            HedgedReader reader = new HedgedReader(pool, 20, 100, 0.1, 5, metrics);
            reader.read(e -> http.call(e, "eth_blockNumber", List.of())).get(); // warm up connections and classes
            Thread.sleep(300); // a hedge the warm-up may have sent is answered before the baseline is taken
            slow.delayMs = () -> 6_000;
            double winsBefore = metrics.counter("chainwatch_hedge_wins", "chain", "test").count();
            int fastBefore = fast.requests.get();

            long start = System.nanoTime();
            String answer = reader.read(e -> http.call(e, "eth_blockNumber", List.of())).get().asText();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).isEqualTo("0x1");
            assertThat(tookMs).as("read took %d ms", tookMs).isLessThan(5_000); // the hedge answered, not the 6 s primary
            assertThat(metrics.counter("chainwatch_hedge_wins", "chain", "test").count() - winsBefore).isEqualTo(1);
            assertThat(fast.requests.get() - fastBefore).isEqualTo(1);

            // A primary that refuses connections: the read fails over to the next endpoint at once.
            slow.stop();
            assertThat(reader.read(e -> http.call(e, "eth_blockNumber", List.of())).get().asText()).isEqualTo("0x1");
            assertThat(metrics.counter("chainwatch_read_failovers", "chain", "test").count()).isGreaterThanOrEqualTo(1);
            assertThat(primary.failures(FailureKind.REFUSED) + primary.failures(FailureKind.CLOSED)).isPositive();
        }
    }

    @Test
    void hedgeBudgetStopsHedgingWhenEverythingIsSlow() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (SlowJsonRpcServer a = new SlowJsonRpcServer(); SlowJsonRpcServer b = new SlowJsonRpcServer();
             JsonRpcHttp http = new JsonRpcHttp(1 << 20)) {
            a.delayMs = () -> 60;
            b.delayMs = () -> 60;
            Endpoint ea = new Endpoint("a", new EndpointConfig(a.url(), "eu", 1, 10_000, 5000), ScoringPolicy.DEFAULT);
            Endpoint eb = new Endpoint("b", new EndpointConfig(b.url(), "eu", 2, 10_000, 5000), ScoringPolicy.DEFAULT);
            EndpointPool pool = new EndpointPool("test", List.of(ea, eb), ScoringPolicy.DEFAULT, new SplittableRandom(1), metrics);
            pool.evaluate();
            HedgedReader reader = new HedgedReader(pool, 10, 10, 0.1, 2, metrics);
            for (int i = 0; i < 30; i++) {
                reader.read(e -> http.call(e, "eth_blockNumber", List.of())).get();
            }
            // Burst of 2 plus 10% of 30 reads: at most 5 hedges, never one per read.
            assertThat(metrics.counter("chainwatch_hedged_requests", "chain", "test").count()).isBetween(1.0, 5.0);
        }
    }

    @Test
    void malformedAndOversizedAnswersAreCountedAgainstTheEndpoint() throws Exception {
        try (SlowJsonRpcServer s = new SlowJsonRpcServer(); JsonRpcHttp http = new JsonRpcHttp(1024)) {
            Endpoint e = new Endpoint("e", new EndpointConfig(s.url(), "eu", 1, 1000, 5000), ScoringPolicy.DEFAULT);
            s.body.set("{\"jsonrpc\":\"2.0\",\"id\":1,\"res");
            assertThat(http.call(e, "eth_blockNumber", List.of())).failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("malformed");
            s.body.set("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + "a".repeat(4096) + "\"}");
            assertThat(http.call(e, "eth_blockNumber", List.of())).failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("oversized");
            assertThat(e.failures(FailureKind.MALFORMED)).isEqualTo(1);
            assertThat(e.failures(FailureKind.OVERSIZED)).isEqualTo(1);
        }
    }
}
