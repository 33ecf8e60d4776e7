package io.chainwatch.solana.ingest;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.CommitmentStrategy;
import io.chainwatch.core.config.PerformanceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class CommitmentControllerTest {
    private static final CommitmentController.Window CALM = new CommitmentController.Window(1000, 0, 400, 2, 3, 3);
    private static final CommitmentController.Window FORKY = new CommitmentController.Window(1000, 20, 400, 2, 3, 3);
    private static final CommitmentController.Window SLOW = new CommitmentController.Window(1000, 0, 5_000, 2, 3, 3);
    private static final CommitmentController.Window DOWN = new CommitmentController.Window(1000, 0, 400, 2, 1, 3);

    private static CommitmentController adaptive() {
        return new CommitmentController(PerformanceProfile.BALANCED, CommitmentStrategy.ADAPTIVE, 1_500, 50);
    }

    @Test
    void fixedNeverMoves() {
        CommitmentController c = new CommitmentController(PerformanceProfile.BALANCED, CommitmentStrategy.FIXED, 1_500, 50);
        assertThat(c.evaluate(FORKY)).isEqualTo(Commitment.CONFIRMED);
        assertThat(c.evaluate(DOWN)).isEqualTo(Commitment.CONFIRMED);
    }

    @Test
    void anUnstableNetworkOrUnhealthyEndpointsMakeItSaferAtOnce() {
        CommitmentController c = adaptive();
        assertThat(c.evaluate(FORKY)).isEqualTo(Commitment.FINALIZED);
        CommitmentController d = adaptive();
        assertThat(d.evaluate(DOWN)).isEqualTo(Commitment.FINALIZED);
    }

    @Test
    void itComesBackToTheProfileOnlyAfterAStableStreak() {
        CommitmentController c = adaptive();
        c.evaluate(FORKY);
        assertThat(c.evaluate(CALM)).isEqualTo(Commitment.FINALIZED);
        assertThat(c.evaluate(CALM)).isEqualTo(Commitment.FINALIZED);
        assertThat(c.evaluate(CALM)).isEqualTo(Commitment.CONFIRMED);
        assertThat(c.evaluate(CALM)).as("and stays at the profile's level").isEqualTo(Commitment.CONFIRMED);
    }

    @Test
    void slowConfirmationOnACalmNetworkGoesOneLevelFasterAndNoFurther() {
        CommitmentController c = adaptive();
        c.evaluate(SLOW);
        c.evaluate(SLOW);
        assertThat(c.evaluate(SLOW)).isEqualTo(Commitment.PROCESSED);
        for (int i = 0; i < 6; i++) {
            assertThat(c.evaluate(SLOW)).isEqualTo(Commitment.PROCESSED);
        }
        assertThat(c.evaluate(FORKY)).as("instability wins over speed").isEqualTo(Commitment.CONFIRMED);
    }

    @Test
    void aFlappingNetworkNeverGetsFaster() {
        CommitmentController c = adaptive();
        for (int i = 0; i < 20; i++) {
            c.evaluate(i % 2 == 0 ? SLOW : FORKY);
            assertThat(c.level()).isNotEqualTo(Commitment.PROCESSED);
        }
        assertThat(c.level()).isEqualTo(Commitment.FINALIZED);
    }
}
