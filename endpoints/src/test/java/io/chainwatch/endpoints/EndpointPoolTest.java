package io.chainwatch.endpoints;

import io.chainwatch.core.config.EndpointConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class EndpointPoolTest {
    private static Endpoint endpoint(String id, int priority) {
        return new Endpoint(id, new EndpointConfig(URI.create("http://127.0.0.1:1/" + id), "eu", priority, 1000, 1000), ScoringPolicy.DEFAULT);
    }

    private static EndpointPool pool(Endpoint... es) {
        return new EndpointPool("test", List.of(es), ScoringPolicy.DEFAULT, new SplittableRandom(1), new SimpleMeterRegistry());
    }

    @Test
    void failingEndpointIsBenchedAfterTwoBadRoundsAndTheOtherTakesOver() {
        Endpoint a = endpoint("a", 1);
        Endpoint b = endpoint("b", 2);
        EndpointPool pool = pool(a, b);
        pool.evaluate();
        assertThat(pool.best()).contains(a);

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20; i++) {
                a.recordFailure(FailureKind.RPC_ERROR, 1_000_000, "boom");
                b.recordSuccess(1_000_000);
            }
            pool.evaluate();
        }
        assertThat(a.health().state()).isEqualTo(EndpointState.BENCHED);
        assertThat(pool.best()).contains(b);
        assertThat(pool.ranked()).containsExactly(b);
    }

    @Test
    void benchedEndpointComesBackOnlyAfterSeveralGoodRoundsWithoutFlapping() {
        Endpoint a = endpoint("a", 1);
        Endpoint b = endpoint("b", 2);
        EndpointPool pool = pool(a, b);
        ScoringPolicy p = ScoringPolicy.DEFAULT;
        for (int round = 0; round < p.benchAfter(); round++) {
            for (int i = 0; i < 30; i++) {
                a.recordFailure(FailureKind.RPC_ERROR, 1_000_000, "boom");
            }
            pool.evaluate();
        }
        assertThat(a.health().state()).isEqualTo(EndpointState.BENCHED);
        // The window still holds the failures: good probes must outweigh them for restoreAfter rounds in a row.
        int rounds = 0;
        while (a.health().state() == EndpointState.BENCHED && rounds < 100) {
            for (int i = 0; i < 30; i++) {
                a.recordSuccess(1_000_000);
            }
            pool.evaluate();
            rounds++;
        }
        assertThat(a.health().state()).isEqualTo(EndpointState.HEALTHY);
        assertThat(rounds).isGreaterThanOrEqualTo(p.restoreAfter());
    }

    @Test
    void headLagLowersTheScoreAndQuarantineTakesAnEndpointOut() {
        Endpoint a = endpoint("a", 1);
        Endpoint b = endpoint("b", 2);
        EndpointPool pool = pool(a, b);
        a.observeProbedHead(100);
        b.observeProbedHead(130);
        pool.evaluate();
        assertThat(a.health().headLag()).isEqualTo(30);
        assertThat(a.health().lagPart()).isZero();
        assertThat(pool.best()).contains(b);

        b.quarantine(FailureKind.WRONG_CHAIN, "wrong chain id 5, expected 1");
        pool.evaluate();
        assertThat(pool.ranked()).containsExactly(a);
        assertThat(pool.bestHead()).isEqualTo(100);
        assertThat(b.health().lastFailure()).contains("wrong chain id");
    }

    @Test
    void listenersHearEveryStateChangeWithItsReasonAndAFailingListenerDoesNotStopTheOthers() {
        Endpoint a = endpoint("a", 1);
        Endpoint b = endpoint("b", 2);
        EndpointPool pool = pool(a, b);
        List<EndpointPool.StateChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        pool.onStateChange(c -> {
            throw new IllegalStateException("a listener's own bug");
        });
        pool.onStateChange(heard::add);
        pool.evaluate();
        heard.clear(); // the first round moves both from their starting state

        b.quarantine(FailureKind.WRONG_CHAIN, "wrong chain id 5, expected 1");
        pool.evaluate();
        assertThat(heard).singleElement().satisfies(c -> {
            assertThat(c.chain()).isEqualTo("test");
            assertThat(c.endpoint()).isEqualTo("b");
            assertThat(c.to()).isEqualTo(EndpointState.BENCHED);
            assertThat(c.from()).isNotEqualTo(EndpointState.BENCHED);
            assertThat(c.reason()).contains("wrong chain id");
        });
        pool.evaluate();
        assertThat(heard).as("no change, nothing heard").hasSize(1);
    }
}
