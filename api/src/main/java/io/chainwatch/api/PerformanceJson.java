package io.chainwatch.api;

import io.chainwatch.monitor.Finding;
import io.chainwatch.monitor.Grade;
import io.chainwatch.monitor.PerformanceHistory;
import io.chainwatch.monitor.PerformanceSnapshot;
import io.chainwatch.monitor.Trend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance figures as JSON objects: figures not measured (NaN) are null, since JSON has no
 * NaN. Stateless.
 */
final class PerformanceJson {
    private PerformanceJson() {
    }

    static Map<String, Object> snapshot(PerformanceSnapshot s, long sampleIntervalMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", s.at());
        m.put("sequence", s.sequence());
        m.put("intervalMs", s.intervalMs());
        m.put("sampleIntervalMs", sampleIntervalMs);
        m.put("status", status(s.grades()));
        m.put("bottleneck", s.bottleneck());
        m.put("grades", s.grades().stream().map(PerformanceJson::grade).toList());
        m.put("pipelines", s.pipelines().stream().map(PerformanceJson::pipeline).toList());
        m.put("stages", s.stages().stream().map(PerformanceJson::stage).toList());
        m.put("endpoints", s.endpoints().stream().map(PerformanceJson::endpoint).toList());
        m.put("queues", s.queues().stream().map(q -> obj("name", q.name(), "chain", q.chain(), "depth", num(q.depth()))).toList());
        m.put("jvm", jvm(s.jvm()));
        m.put("stalls", s.stalls().stream().map(x -> obj("chain", x.chain(), "stage", x.stage(), "queued", num(x.queued()),
                "stalledForMs", x.stalledForMs())).toList());
        m.put("trends", s.trends().stream().map(PerformanceJson::trend).toList());
        m.put("findings", s.findings().stream().map(PerformanceJson::finding).toList());
        return m;
    }

    /** The worst verdict of the grades that had data: PASS, WARN or FAIL; NO_DATA when none had. */
    static Grade.Verdict status(List<Grade> grades) {
        Grade.Verdict worst = Grade.Verdict.NO_DATA;
        for (Grade g : grades) {
            if (g.verdict() != Grade.Verdict.NO_DATA && (worst == Grade.Verdict.NO_DATA || g.verdict().compareTo(worst) > 0)) {
                worst = g.verdict();
            }
        }
        return worst;
    }

    private static Map<String, Object> grade(Grade g) {
        return obj("target", g.target(), "verdict", g.verdict(), "value", num(g.value()), "limit", num(g.limit()),
                "comparison", g.above() ? "at least" : "at most", "unit", g.unit());
    }

    private static Map<String, Object> pipeline(PerformanceSnapshot.Pipeline p) {
        return obj("chain", p.chain(), "kind", p.kind(), "eventsPerSecond", num(p.eventsPerSecond()),
                p.kind().equals("evm") ? "blocksPerSecond" : "slotsPerSecond", num(p.unitsPerSecond()), "lag", num(p.lag()),
                "coverage", num(p.coverage()), "p99LatencyMs", num(p.p99LatencyMs()));
    }

    private static Map<String, Object> stage(PerformanceSnapshot.Stage s) {
        return obj("chain", s.chain(), "stage", s.stage(), "count", s.count(), "perSecond", num(s.perSecond()), "p50Ms", num(s.p50Ms()),
                "p99Ms", num(s.p99Ms()), "maxMs", num(s.maxMs()), "errors", num(s.errors()), "errorRate", num(s.errorRate()));
    }

    private static Map<String, Object> endpoint(PerformanceSnapshot.EndpointFigures e) {
        return obj("chain", e.chain(), "endpoint", e.endpoint(), "errorRate", num(e.errorRate()), "p99Ms", num(e.p99Ms()),
                "score", num(e.score()), "up", e.up());
    }

    private static Map<String, Object> jvm(PerformanceSnapshot.Jvm j) {
        return obj("processCpu", num(j.processCpu()), "systemCpu", num(j.systemCpu()), "memoryBytes", num(j.memoryBytes()),
                "heapBytes", num(j.heapBytes()), "gcPauseMs", num(j.gcPauseMs()), "gcPauseMaxMs", num(j.gcPauseMaxMs()),
                "gcPauses", j.gcPauses(), "networkBytesPerSecond", num(j.networkBytesPerSecond()));
    }

    private static Map<String, Object> trend(Trend t) {
        return obj("metric", t.metric(), "value", num(t.value()), "smoothed", num(t.smoothed()), "slopePerSecond", num(t.slopePerSecond()));
    }

    private static Map<String, Object> finding(Finding f) {
        return obj("metric", f.metric(), "kind", f.kind(), "severity", f.severity(), "value", num(f.value()),
                "expectedLow", num(f.expectedLow()), "expectedHigh", num(f.expectedHigh()), "at", f.at(), "message", f.message());
    }

    static Map<String, Object> series(PerformanceHistory.Series s) {
        List<Map<String, Object>> points = new ArrayList<>(s.points().size());
        for (PerformanceHistory.Point p : s.points()) {
            points.add(obj("at", p.at(), "mean", num(p.mean()), "min", num(p.min()), "max", num(p.max()), "samples", p.samples()));
        }
        return obj("metric", s.metric(), "points", points);
    }

    static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** An object with these keys and values, in this order (values may be null). */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
