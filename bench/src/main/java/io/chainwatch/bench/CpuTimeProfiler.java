package io.chainwatch.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * Throughput per CPU-second, for a shared machine: {@code -prof io.chainwatch.bench.CpuTimeProfiler}.
 *
 * <p>On a box where other processes take turns on the cores, ops per wall second says more about
 * the neighbours than about the code. This profiler reads the benchmark JVM's CPU time around each
 * iteration and reports {@code cpu.cores} (CPU-seconds per wall second; 1.0 for one thread that
 * had a core to itself) and {@code thrpt.per.cpu.s} (ops per CPU-second). The CPU time is the whole
 * process's, GC and JIT threads included, so the per-CPU figure errs low, never high.
 *
 * <p>Used from one benchmark JVM's iteration loop only; not thread-safe.
 */
@SuppressWarnings("rawtypes") // the InternalProfiler interface returns raw Result
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long wallStartNanos;
    private long cpuStartNanos;

    @Override
    public String getDescription() {
        return "process CPU time per iteration; throughput per CPU-second (throughput mode)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStartNanos = System.nanoTime();
        cpuStartNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - cpuStartNanos;
        long wallNanos = System.nanoTime() - wallStartNanos;
        if (cpuNanos <= 0 || wallNanos <= 0) {
            return List.of();
        }
        double cores = (double) cpuNanos / wallNanos;
        ScalarResult coresResult = new ScalarResult("cpu.cores", cores, "cores", AggregationPolicy.AVG);
        if (!result.getScoreUnit().startsWith("ops/")) {
            return List.of(coresResult);
        }
        double opsPerSecond = result.getPrimaryResult().getScore() * 1e9 / benchmarkParams.getTimeUnit().toNanos(1);
        return List.of(coresResult, new ScalarResult("thrpt.per.cpu.s", opsPerSecond / cores, "ops/cpu-s", AggregationPolicy.AVG));
    }
}
