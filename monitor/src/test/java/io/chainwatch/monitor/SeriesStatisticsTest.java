package io.chainwatch.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Trend and anomaly arithmetic on series whose answers are known. */
@Timeout(10)
class SeriesStatisticsTest {
    @Test
    void slopeOfAStraightLineIsItsGradient() {
        double[] xs = {0, 10, 20, 30, 40};
        double[] ys = {1, 21, 41, 61, 81};
        assertThat(SeriesStatistics.slope(xs, ys, 5)).isCloseTo(2.0, within(1e-12));
        assertThat(SeriesStatistics.slope(xs, ys, 1)).isZero();
    }

    @Test
    void ewmaWeighsTheNewValueByAlpha() {
        assertThat(SeriesStatistics.ewma(Double.NaN, 10, 0.3)).isEqualTo(10);
        assertThat(SeriesStatistics.ewma(10, 20, 0.3)).isCloseTo(13, within(1e-12));
    }

    @Test
    void robustZUsesTheMedianAndTheScaledMad() {
        double[] v = {1, 2, 3, 4, 100};
        // median 3; deviations 2,1,0,1,97 -> MAD 1; sigma 1.4826
        assertThat(SeriesStatistics.median(v, 5)).isEqualTo(3);
        assertThat(SeriesStatistics.robustZ(v, 5, 3 + 1.4826 * 4)).isCloseTo(4.0, within(1e-9));
        // the outlier 100 does not widen the band as a standard deviation would
        assertThat(SeriesStatistics.robustSigma(v, 5, 3)).isCloseTo(1.4826, within(1e-9));
    }

    @Test
    void aFlatSeriesMakesAnyOtherValueInfinitelyFar() {
        double[] flat = {0, 0, 0, 0};
        assertThat(SeriesStatistics.robustZ(flat, 4, 0)).isZero();
        assertThat(SeriesStatistics.robustZ(flat, 4, 0.5)).isInfinite().isPositive();
    }

    @Test
    void aSpikeAfterASteadyNoisySeriesIsAnAnomalyWithItsBand() {
        SeriesWatch w = new SeriesWatch("latency.p99_ms", 60, 0.3);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 30; i++) {
            assertThat(w.add(i * 10, 20 + (i % 5) - 2, at)).isEmpty(); // 18..22 ms
        }
        Optional<Finding> spike = w.add(300, 80, at);
        assertThat(spike).isPresent();
        assertThat(spike.get().kind()).isEqualTo(Finding.Kind.ANOMALY);
        assertThat(spike.get().expectedLow()).isLessThan(20);
        assertThat(spike.get().expectedHigh()).isBetween(22.0, 40.0);
        assertThat(w.add(310, 21, at)).isEmpty();
    }

    @Test
    void fewerThanTheMinimumSamplesAreNeverJudged() {
        SeriesWatch w = new SeriesWatch("errors.rate", 60, 0.3);
        Instant at = Instant.EPOCH;
        for (int i = 0; i < SeriesWatch.MIN_SAMPLES; i++) {
            assertThat(w.add(i, i == SeriesWatch.MIN_SAMPLES - 1 ? 1 : 0, at)).isEmpty();
        }
    }

    @Test
    void theTrendSmoothsAndGivesTheSlopePerSecondOverTheWindowOnly() {
        SeriesWatch w = new SeriesWatch("memory.bytes", 5, 0.5);
        for (int i = 0; i < 10; i++) {
            w.add(i * 10, i < 5 ? 1000 : 1000 + (i - 5) * 50, Instant.EPOCH); // flat, then +5 per second
        }
        Trend t = w.trend();
        assertThat(t.slopePerSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(t.value()).isEqualTo(1200);
        assertThat(t.smoothed()).isBetween(1000.0, 1200.0);
    }
}
