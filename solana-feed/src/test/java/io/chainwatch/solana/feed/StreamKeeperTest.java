package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.CommitmentStrategy;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.core.config.PerformanceProfile;
import io.chainwatch.core.config.SlotRecoveryConfig;
import io.chainwatch.core.config.SolanaAccountsConfig;
import io.chainwatch.core.config.SolanaConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How soon {@link StreamKeeper} follows a WebSocket endpoint again after its stream was lost, over a
 * real loopback WebSocket (a fake node, Javalin, standing in for a Solana node's pubsub endpoint) with
 * the keeper's clock in the test's hands. With one endpoint, every slot of the wait must be read back
 * over RPC: a stream that had lasted is followed again after a tenth of a second; losses in a row
 * double the wait, up to three seconds.
 */
@Timeout(60)
class StreamKeeperTest {
    private static final EndpointException CUT = new EndpointException("ws-0", FailureKind.CLOSED, "connection reset");

    private final LinkedBlockingQueue<WsContext> connected = new LinkedBlockingQueue<>();
    private final AtomicLong nowMs = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(nowMs.get());
    private Javalin node;
    private Endpoint endpoint;
    private StreamKeeper keeper;

    @BeforeEach
    void start() {
        node = Javalin.create().ws("/", ws -> ws.onConnect(connected::add)).start("127.0.0.1", 0);
        endpoint = new Endpoint("ws-0", new EndpointConfig(URI.create("ws://127.0.0.1:" + node.port() + "/"), "local", 1, 1_000, 10_000),
                ScoringPolicy.DEFAULT);
        EndpointPool pool = new EndpointPool("solana-ws", List.of(endpoint), ScoringPolicy.DEFAULT, new SplittableRandom(1),
                new SimpleMeterRegistry());
        SolanaConfig config = new SolanaConfig(List.of(), PerformanceProfile.BALANCED, CommitmentStrategy.FIXED,
                new SlotRecoveryConfig(true, 100, 5), false, 5_000, List.of(SolanaConfig.PUMP_PROGRAM), 1 << 20, SolanaAccountsConfig.DEFAULT);
        keeper = new StreamKeeper(config, pool, null, Map.of(), clock, new Ignoring(), null);
    }

    @AfterEach
    void stop() {
        keeper.close();
        node.stop();
    }

    @Test
    void anEndpointThatDroppedALastingStreamIsFollowedAgainAtOnceAndLossesInARowWaitLonger() throws Exception {
        LiveStream first = follow();
        nowMs.addAndGet(60_000); // the stream lasted a minute
        lose(first);
        assertThat(keeper.wsRetryAfterMs(endpoint)).isEqualTo(100);
        nowMs.addAndGet(99);
        assertNotFollowedAfterEnsure();
        nowMs.addAndGet(1);
        LiveStream again = follow();

        // Each stream lost at once: the waits double, up to three seconds.
        LiveStream s = again;
        for (long wait : new long[] {200, 400, 800, 1_600, 3_000, 3_000}) {
            nowMs.addAndGet(10);
            lose(s);
            assertThat(keeper.wsRetryAfterMs(endpoint)).as("the wait after another loss in a row").isEqualTo(wait);
            nowMs.addAndGet(wait - 1);
            if (wait == 800) {
                assertNotFollowedAfterEnsure();
            }
            nowMs.addAndGet(1);
            s = follow();
        }

        // A stream that lasts half a minute ends the run: the next loss waits the first wait again.
        nowMs.addAndGet(30_000);
        lose(s);
        assertThat(keeper.wsRetryAfterMs(endpoint)).isEqualTo(100);
    }

    /** Asks the keeper for a stream and waits until it follows a new one; returns it. */
    private LiveStream follow() throws Exception {
        LiveStream before = keeper.current();
        keeper.ensure(Commitment.CONFIRMED);
        assertThat(connected.poll(10, TimeUnit.SECONDS)).as("the node saw the stream connect").isNotNull();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (keeper.current() == null || keeper.current() == before) {
            assertThat(System.nanoTime()).as("the keeper follows the new stream").isLessThan(until);
            Thread.sleep(5);
        }
        return keeper.current();
    }

    /** The stream ends as a cut connection would end it. */
    private void lose(LiveStream s) {
        assertThat(keeper.closed(s, CUT)).as("the current stream was lost").isTrue();
        s.close();
        assertThat(keeper.current()).isNull();
    }

    /** Within its wait the endpoint is not tried: no connection reaches the node. */
    private void assertNotFollowedAfterEnsure() throws InterruptedException {
        keeper.ensure(Commitment.CONFIRMED);
        assertThat(connected.poll(300, TimeUnit.MILLISECONDS)).as("no connection within the wait").isNull();
        assertThat(keeper.current()).isNull();
    }

    private static final class Ignoring implements StreamListener {
        @Override
        public void onSlot(LiveStream from, long slot, long parent, long root) {
        }

        @Override
        public void onLogs(LiveStream from, long slot, String signature, boolean failed, LogLines logs) {
        }

        @Override
        public void onTransaction(LiveStream from, long slot, SolanaTransaction tx) {
        }

        @Override
        public void onClosed(LiveStream from, EndpointException cause) {
        }
    }
}
