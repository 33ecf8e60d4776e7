package io.chainwatch.monitor;

import io.chainwatch.monitor.PerformanceSnapshot.EndpointFigures;
import io.chainwatch.monitor.PerformanceSnapshot.Jvm;
import io.chainwatch.monitor.PerformanceSnapshot.Pipeline;
import io.chainwatch.monitor.PerformanceSnapshot.Queue;
import io.chainwatch.monitor.PerformanceSnapshot.Stage;
import io.chainwatch.monitor.PerformanceSnapshot.Stall;
import io.chainwatch.monitor.internal.IntervalHistogram;
import io.chainwatch.monitor.internal.RegistryReader;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one interval's figures out of the meter registry, by the names the pipelines register their
 * meters under (listed here, so a renamed meter is found in one place). Keeps what it needs from
 * the last read: cumulative counts, histogram buckets, when each stage last made progress.
 * Owned by the sampler thread; not thread-safe.
 */
final class FigureReader {
    // EVM pipelines (evm module), one per chain.
    static final String EVM_BLOCKS = "chainwatch_blocks_processed";
    static final String EVM_EVENTS = "chainwatch_pool_events";
    static final String EVM_LAG = "chainwatch_chain_lag_blocks";
    static final String EVM_QUEUE = "chainwatch_sink_queue_depth";
    // The Solana pipeline (solana-feed module).
    static final String SOLANA_EVENTS = "chainwatch_solana_events_total";
    static final String SOLANA_SLOTS = "chainwatch_solana_slots_settled_total";
    static final String SOLANA_LAG = "chainwatch_solana_slot_lag";
    static final String SOLANA_COVERAGE = "chainwatch_solana_slot_coverage";
    static final String SOLANA_CHECKPOINT = "chainwatch_solana_checkpoint_slot";
    static final String SOLANA_QUEUE = "chainwatch_solana_store_queue_depth";
    // Endpoints (endpoints module), per chain and endpoint.
    static final String ENDPOINT_ERROR_RATE = "chainwatch_endpoint_error_rate";
    static final String ENDPOINT_P99 = "chainwatch_endpoint_latency_p99_seconds";
    static final String ENDPOINT_SCORE = "chainwatch_endpoint_score";
    static final String ENDPOINT_UP = "chainwatch_endpoint_up";
    static final String NETWORK_BYTES = "chainwatch_endpoint_received_bytes";

    /** The failures each stage counts, by pipeline kind and stage. */
    private static final Map<String, String> STAGE_ERRORS = Map.of(
            "evm/" + StageTimers.FETCH, "chainwatch_fetch_retries",
            "evm/" + StageTimers.MARKET, "chainwatch_malformed_logs",
            "evm/" + StageTimers.DECISION, "chainwatch_trading_errors_total",
            "solana/" + StageTimers.FEED, "chainwatch_solana_malformed_events_total",
            "solana/" + StageTimers.STORE, "chainwatch_solana_commit_failures_total");

    /** What shows a stage has work waiting, and what grows when it makes progress (null: the stage's timer count). */
    private record StallRule(String kind, String stage, String backlog, String progress) {
    }

    private static final List<StallRule> STALL_RULES = List.of(
            new StallRule("evm", StageTimers.FETCH, EVM_LAG, EVM_BLOCKS),
            new StallRule("evm", StageTimers.STORE, EVM_QUEUE, null),
            new StallRule("solana", StageTimers.FEED, SOLANA_LAG, SOLANA_CHECKPOINT),
            new StallRule("solana", StageTimers.STORE, SOLANA_QUEUE, null));

    private final RegistryReader reader;
    private final IntervalHistogram histograms = new IntervalHistogram();
    /** Per chain/stage: the progress figure last seen, and when it last changed. */
    private final Map<String, double[]> progress = new HashMap<>();

    FigureReader(RegistryReader reader) {
        this.reader = reader;
    }

    /** The figures of one interval of {@code seconds}, read at {@code nowMs}. */
    record Figures(List<Pipeline> pipelines, List<Stage> stages, List<EndpointFigures> endpoints, List<Queue> queues, Jvm jvm,
                   List<Stall> stalls) {
    }

    Figures read(double seconds, long nowMs, long stallAfterMs) {
        Set<String> solana = reader.tagValues(SOLANA_EVENTS, "chain");
        List<Stage> stages = stages(seconds, solana);
        List<Pipeline> pipelines = new ArrayList<>();
        for (String chain : reader.tagValues(EVM_BLOCKS, "chain")) {
            pipelines.add(new Pipeline(chain, "evm", rate(EVM_EVENTS, chain, seconds), rate(EVM_BLOCKS, chain, seconds),
                    reader.sum(EVM_LAG, "chain", chain), Double.NaN, pipelineP99(chain, stages)));
        }
        for (String chain : solana) {
            pipelines.add(new Pipeline(chain, "solana", rate(SOLANA_EVENTS, chain, seconds), rate(SOLANA_SLOTS, chain, seconds),
                    reader.sum(SOLANA_LAG, "chain", chain), reader.sum(SOLANA_COVERAGE, "chain", chain), pipelineP99(chain, stages)));
        }
        return new Figures(pipelines, stages, endpoints(), queues(), jvm(seconds), stalls(solana, nowMs, stallAfterMs));
    }

    private List<Stage> stages(double seconds, Set<String> solana) {
        List<Stage> out = new ArrayList<>();
        for (Meter m : reader.meters(StageTimers.NAME)) {
            if (!(m instanceof Timer t)) {
                continue;
            }
            String chain = t.getId().getTag("chain");
            String stage = t.getId().getTag("stage");
            IntervalHistogram.Interval i = histograms.read(t);
            String errorMeter = STAGE_ERRORS.get((solana.contains(chain) ? "solana/" : "evm/") + stage);
            double errors = errorMeter == null ? 0 : reader.delta("errors/" + chain + "/" + stage, reader.sum(errorMeter, "chain", chain));
            double ops = Math.max(i.count(), Double.isNaN(errors) ? 0 : errors);
            out.add(new Stage(chain, stage, i.count(), i.count() / seconds, i.p50Ms(), i.p99Ms(), i.maxMs(), errors,
                    ops == 0 || Double.isNaN(errors) ? Double.NaN : errors / ops));
        }
        out.sort(java.util.Comparator.comparing(Stage::chain).thenComparing(Stage::stage));
        return out;
    }

    /** The end-to-end p99 where the pipeline times one, else the sum of its stages' (an upper bound). */
    private static double pipelineP99(String chain, List<Stage> stages) {
        double sum = Double.NaN;
        for (Stage s : stages) {
            if (!s.chain().equals(chain) || Double.isNaN(s.p99Ms())) {
                continue;
            }
            if (s.stage().equals(StageTimers.INGEST_TO_DECISION)) {
                return s.p99Ms();
            }
            sum = Double.isNaN(sum) ? s.p99Ms() : sum + s.p99Ms();
        }
        return sum;
    }

    private double rate(String name, String chain, double seconds) {
        return reader.delta("rate/" + name + "/" + chain, reader.sum(name, "chain", chain)) / seconds;
    }

    private List<EndpointFigures> endpoints() {
        Map<String, EndpointFigures> out = new java.util.TreeMap<>();
        for (Meter m : reader.meters(ENDPOINT_SCORE)) {
            String chain = m.getId().getTag("chain");
            String id = m.getId().getTag("endpoint");
            out.put(chain + "/" + id, new EndpointFigures(chain, id, reader.sum(ENDPOINT_ERROR_RATE, "endpoint", id),
                    reader.sum(ENDPOINT_P99, "endpoint", id) * 1_000, RegistryReader.value(m), reader.sum(ENDPOINT_UP, "endpoint", id) > 0));
        }
        return List.copyOf(out.values());
    }

    private List<Queue> queues() {
        List<Queue> out = new ArrayList<>();
        for (Meter m : reader.registry().getMeters()) {
            String name = m.getId().getName();
            if (name.endsWith("queue_depth")) {
                String chain = m.getId().getTag("chain");
                out.add(new Queue(name, chain == null ? "" : chain, RegistryReader.value(m)));
            }
        }
        out.sort(java.util.Comparator.comparing(Queue::name).thenComparing(Queue::chain));
        return out;
    }

    private Jvm jvm(double seconds) {
        double pauseMs = 0;
        double pauseMax = 0;
        long pauses = 0;
        for (Meter m : reader.meters("jvm.gc.pause")) {
            if (m instanceof Timer t) {
                String key = "gc/" + t.getId().getTags();
                double ms = reader.delta(key + "/ms", RegistryReader.totalMs(t));
                double n = reader.delta(key + "/n", t.count());
                pauseMs += Double.isNaN(ms) ? 0 : ms;
                pauses += Double.isNaN(n) ? 0 : (long) n;
                pauseMax = Math.max(pauseMax, t.max(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
            }
        }
        double heap = 0;
        for (Meter m : reader.meters("jvm.memory.used")) {
            if ("heap".equals(m.getId().getTag("area"))) {
                heap += RegistryReader.value(m);
            }
        }
        double bytes = reader.delta("network", reader.sum(NETWORK_BYTES, null, null)) / seconds;
        return new Jvm(reader.sum("process.cpu.usage", null, null), reader.sum("system.cpu.usage", null, null),
                reader.sum("jvm.memory.used", null, null), heap, pauseMs, pauseMax, pauses, bytes);
    }

    private List<Stall> stalls(Set<String> solana, long nowMs, long stallAfterMs) {
        List<Stall> out = new ArrayList<>();
        for (StallRule r : STALL_RULES) {
            Set<String> chains = r.kind().equals("solana") ? solana : reader.tagValues(EVM_BLOCKS, "chain");
            for (String chain : chains) {
                double backlog = reader.sum(r.backlog(), "chain", chain);
                double done = r.progress() != null ? reader.sum(r.progress(), "chain", chain) : stageCount(chain, r.stage());
                String key = chain + "/" + r.stage();
                double[] seen = progress.get(key);
                if (seen == null || seen[0] != done || !(backlog > 0)) {
                    progress.put(key, new double[]{done, nowMs}); // progress, or nothing waiting: the clock starts again
                    continue;
                }
                long stalledFor = nowMs - (long) seen[1];
                if (stalledFor >= stallAfterMs) {
                    out.add(new Stall(chain, r.stage(), backlog, stalledFor));
                }
            }
        }
        return out;
    }

    private double stageCount(String chain, String stage) {
        Timer t = reader.registry().find(StageTimers.NAME).tag("chain", chain).tag("stage", stage).timer();
        return t == null ? Double.NaN : t.count();
    }
}
