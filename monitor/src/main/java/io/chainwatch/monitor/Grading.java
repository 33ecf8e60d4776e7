package io.chainwatch.monitor;

import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.PerformanceConfig;
import io.chainwatch.monitor.PerformanceSnapshot.Jvm;
import io.chainwatch.monitor.PerformanceSnapshot.Pipeline;
import io.chainwatch.monitor.PerformanceSnapshot.Stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Grades one interval's figures against the targets and names the slowest stage. No state. */
public final class Grading {
    private final PerformanceConfig.Targets targets;

    public Grading(PerformanceConfig.Targets targets) {
        this.targets = targets;
    }

    /** The overall figures the targets are about, NaN where there is none. */
    public record Headline(double eventsPerSecond, double p99LatencyMs, double errorRate, double slotCoverage, double memoryBytes,
                           double cpuShare) {
        static Headline of(List<Pipeline> pipelines, List<Stage> stages, Jvm jvm) {
            double events = Double.NaN;
            double p99 = Double.NaN;
            double coverage = Double.NaN;
            for (Pipeline p : pipelines) {
                events = plus(events, p.eventsPerSecond());
                p99 = Double.isNaN(p99) || p.p99LatencyMs() > p99 ? p.p99LatencyMs() : p99;
                coverage = Double.isNaN(coverage) || p.coverage() < coverage ? p.coverage() : coverage;
            }
            double errors = Double.NaN;
            double ops = 0;
            for (Stage s : stages) {
                if (!s.stage().equals(StageTimers.INGEST_TO_DECISION) && !Double.isNaN(s.errors())) {
                    errors = plus(errors, s.errors());
                    ops += Math.max(s.count(), s.errors());
                }
            }
            return new Headline(events, p99, ops == 0 ? Double.NaN : errors / ops, coverage, jvm.memoryBytes(), jvm.processCpu());
        }

        private static double plus(double sum, double v) {
            return Double.isNaN(v) ? sum : Double.isNaN(sum) ? v : sum + v;
        }
    }

    public List<Grade> grade(Headline h) {
        double m = targets.warnMargin();
        return List.of(
                Grade.of("throughput", h.eventsPerSecond(), targets.minEventsPerSecond(), true, "events/s", m),
                Grade.of("p99_latency", h.p99LatencyMs(), targets.maxP99LatencyMs(), false, "ms", m),
                Grade.of("error_rate", h.errorRate(), targets.maxErrorRate(), false, "share", m),
                Grade.ofShare("slot_coverage", h.slotCoverage(), targets.minSlotCoverage(), m),
                Grade.of("memory", h.memoryBytes(), targets.maxMemoryBytes(), false, "bytes", m),
                Grade.of("cpu", h.cpuShare(), targets.maxCpuShare(), false, "share", m));
    }

    /** The stage (not the end-to-end figure) with the highest p99 this interval, as {@code chain/stage}; null when none worked. */
    public static String bottleneck(List<Stage> stages) {
        Stage slowest = null;
        for (Stage s : stages) {
            if (s.stage().equals(StageTimers.INGEST_TO_DECISION) || s.count() == 0 || Double.isNaN(s.p99Ms())) {
                continue;
            }
            if (slowest == null || s.p99Ms() > slowest.p99Ms()) {
                slowest = s;
            }
        }
        return slowest == null ? null : slowest.name();
    }

    /** A finding for each failed target. */
    static List<Finding> missed(List<Grade> grades, Instant at) {
        List<Finding> out = new ArrayList<>();
        for (Grade g : grades) {
            if (g.verdict() == Grade.Verdict.FAIL) {
                double low = g.above() ? g.limit() : Double.NaN;
                double high = g.above() ? Double.NaN : g.limit();
                out.add(new Finding("grade." + g.target(), Finding.Kind.TARGET_MISSED, g.value(), low, high, Severity.ERROR, at,
                        "%s is %s %s, target %s %s".formatted(g.target(), SeriesWatch.fmt(g.value()), g.unit(), g.above() ? "at least" : "at most",
                                SeriesWatch.fmt(g.limit()))));
            }
        }
        return out;
    }
}
