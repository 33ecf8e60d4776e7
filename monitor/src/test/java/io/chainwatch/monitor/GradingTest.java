package io.chainwatch.monitor;

import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.monitor.PerformanceSnapshot.Jvm;
import io.chainwatch.monitor.PerformanceSnapshot.Pipeline;
import io.chainwatch.monitor.PerformanceSnapshot.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Grading against the default targets, the warn margin, and the bottleneck. */
@Timeout(10)
class GradingTest {
    private static final Grading GRADING = new Grading(PerformanceConfig.Targets.DEFAULTS);

    private static Map<String, Grade.Verdict> verdicts(Grading.Headline h) {
        return GRADING.grade(h).stream().collect(Collectors.toMap(Grade::target, Grade::verdict));
    }

    @Test
    void figuresWellInsideTheTargetsPassNearThemWarnBeyondThemFail() {
        Map<String, Grade.Verdict> pass = verdicts(new Grading.Headline(500, 20, 0.001, 0.99999, 512e6, 0.1));
        assertThat(pass.values()).containsOnly(Grade.Verdict.PASS);
        Map<String, Grade.Verdict> warn = verdicts(new Grading.Headline(110, 90, 0.009, 0.9991, 1.9 * (1L << 30), 0.45));
        assertThat(warn.values()).containsOnly(Grade.Verdict.WARN);
        Map<String, Grade.Verdict> fail = verdicts(new Grading.Headline(99, 101, 0.02, 0.998, 3.0 * (1L << 30), 0.6));
        assertThat(fail.values()).containsOnly(Grade.Verdict.FAIL);
    }

    @Test
    void aFigureNotMeasuredHasNoDataAndNoFinding() {
        List<Grade> grades = GRADING.grade(new Grading.Headline(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1e6, 0.01));
        assertThat(grades.stream().collect(Collectors.toMap(Grade::target, Function.identity())).get("slot_coverage").verdict())
                .isEqualTo(Grade.Verdict.NO_DATA);
        assertThat(Grading.missed(grades, Instant.EPOCH)).isEmpty();
    }

    @Test
    void aMissedTargetIsAFindingNamingTheTargetAndTheFigure() {
        List<Finding> f = Grading.missed(GRADING.grade(new Grading.Headline(500, 250, 0, 1, 1e6, 0.01)), Instant.EPOCH);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.TARGET_MISSED);
            assertThat(x.metric()).isEqualTo("grade.p99_latency");
            assertThat(x.value()).isEqualTo(250);
            assertThat(x.expectedHigh()).isEqualTo(100);
            assertThat(x.message()).contains("250").contains("100");
        });
    }

    @Test
    void theBottleneckIsTheSlowestStageNotTheEndToEndFigure() {
        List<Stage> stages = List.of(
                new Stage("demo", StageTimers.FETCH, 10, 1, 3, 12, 15, 0, 0),
                new Stage("demo", StageTimers.STORE, 10, 1, 8, 40, 41, 0, 0),
                new Stage("demo", StageTimers.INGEST_TO_DECISION, 10, 1, 20, 60, 61, 0, 0),
                new Stage("solana", StageTimers.STORE, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN));
        assertThat(Grading.bottleneck(stages)).isEqualTo("demo/store");
        assertThat(Grading.bottleneck(List.of())).isNull();
    }

    @Test
    void theHeadlineAddsThroughputTakesTheWorstLatencyAndCoverageAndPoolsErrors() {
        List<Pipeline> pipes = List.of(new Pipeline("demo", "evm", 40, 4, 0, Double.NaN, 30),
                new Pipeline("solana", "solana", 70, 2.5, 1, 0.995, 55));
        List<Stage> stages = List.of(new Stage("demo", StageTimers.FETCH, 90, 9, 1, 2, 3, 10, 0.1),
                new Stage("solana", StageTimers.STORE, 100, 10, 1, 2, 3, 0, 0));
        Grading.Headline h = Grading.Headline.of(pipes, stages, new Jvm(0.2, 0.3, 1e9, 5e8, 0, 0, 0, 0));
        assertThat(h.eventsPerSecond()).isEqualTo(110);
        assertThat(h.p99LatencyMs()).isEqualTo(55);
        assertThat(h.slotCoverage()).isEqualTo(0.995);
        assertThat(h.errorRate()).isEqualTo(10.0 / 190);
    }
}
