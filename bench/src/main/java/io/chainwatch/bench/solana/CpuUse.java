package io.chainwatch.bench.solana;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM, of its platform threads by name (digits folded: the stream's virtual threads
 * count in their carriers, {@code ForkJoinPool-N-worker-N}), and of a PostgreSQL server with all its
 * processes, for a load run's window: on a shared machine, what a run got of the cores says as much as
 * its rate.
 *
 * @param processNanos  this JVM's CPU time
 * @param threadNanos   CPU time by thread name, digits folded
 * @param postgresNanos the CPU time of the PostgreSQL processes whose command line names {@code dataDir}
 * @param simNanos      the CPU time of the simulator's own process (0 when it runs in this JVM)
 */
record CpuUse(long processNanos, Map<String, Long> threadNanos, long postgresNanos, long simNanos) {
    static CpuUse now(String dataDir, long simNanos) {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byName.merge(info.getThreadName().replaceAll("[0-9]+", "N"), cpu, Long::sum);
            }
        }
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        return new CpuUse(process, byName, postgres, simNanos);
    }

    /** Cores used from {@code start} to this, over {@code seconds}: the JVM, its busiest threads, PostgreSQL. */
    String since(CpuUse start, double seconds) {
        StringBuilder sb = new StringBuilder(String.format("JVM %.2f cores (", (processNanos - start.processNanos) / 1e9 / seconds));
        threadNanos.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - start.threadNanos.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() / 1e9 / seconds >= 0.02)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(String.format("%s %.2f, ", e.getKey(), e.getValue() / 1e9 / seconds)));
        sb.setLength(sb.length() - 2);
        sb.append(String.format("), PostgreSQL %.2f cores", postgresCores(start, seconds)));
        return simNanos == 0 ? sb.toString() : sb.append(String.format(", simulator's process %.2f cores", simCores(start, seconds))).toString();
    }

    double jvmCores(CpuUse start, double seconds) {
        return (processNanos - start.processNanos) / 1e9 / seconds;
    }

    double simCores(CpuUse start, double seconds) {
        return (simNanos - start.simNanos) / 1e9 / seconds;
    }

    double postgresCores(CpuUse start, double seconds) {
        return (postgresNanos - start.postgresNanos) / 1e9 / seconds;
    }
}
