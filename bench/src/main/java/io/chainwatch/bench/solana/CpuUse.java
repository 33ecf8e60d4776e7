package io.chainwatch.bench.solana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM, of its threads by name (digits folded; the JVM's own compiler and collector
 * threads included; virtual threads count in their carriers, {@code ForkJoinPool-N-worker-N}), of a PostgreSQL server with all its
 * processes, and of the simulator's process and its threads, for a load run's window: on a shared machine, what a run got of
 * the cores says as much as its rate.
 *
 * @param processNanos   this JVM's CPU time
 * @param threadNanos    CPU time by thread name, digits folded
 * @param postgresNanos  the CPU time of the PostgreSQL processes whose command line names {@code dataDir}
 * @param simNanos       the CPU time of the simulator's own process (0 when it runs in this JVM)
 * @param simThreadNanos the simulator's process's CPU time by thread name (empty when it runs in this JVM)
 */
record CpuUse(long processNanos, Map<String, Long> threadNanos, long postgresNanos, long simNanos, Map<String, Long> simThreadNanos) {
    /** USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** @param simPid the simulator's process, 0 when it runs in this JVM */
    static CpuUse now(String dataDir, long simPid) {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        Map<String, Long> byName = threadsByName("self");
        long postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        long sim = simPid == 0 ? 0 : ProcessHandle.of(simPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
        return new CpuUse(process, byName, postgres, sim, simPid == 0 ? Map.of() : threadsByName(Long.toString(simPid)));
    }

    /**
     * CPU time of every thread of a process ({@code self} or a pid) by name, digits folded, from
     * {@code /proc/<process>/task}: the JVM's own threads too (the JIT's compilers, the collector's
     * workers), which the {@code ThreadMXBean} does not list. Linux names are cut at 15 characters.
     */
    private static Map<String, Long> threadsByName(String process) {
        Map<String, Long> byName = new TreeMap<>();
        long nanosPerTick = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", process, "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String stat = Files.readString(task.resolve("stat"));
                    // After the name in parentheses: state is field 3, utime 14 and stime 15.
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    if (ticks > 0) {
                        byName.merge(name.replaceAll("[0-9]+", "N"), ticks * nanosPerTick, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended while it was read.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/" + process + "/task", e);
        }
        return byName;
    }

    /**
     * Cores used from {@code start} to this, over {@code seconds}: the JVM and its busiest threads, PostgreSQL,
     * the simulator's process and its busiest threads.
     */
    String since(CpuUse start, double seconds) {
        StringBuilder sb = new StringBuilder(String.format("JVM %.2f cores (", jvmCores(start, seconds)));
        busiest(sb, threadNanos, start.threadNanos, seconds);
        sb.append(String.format("), PostgreSQL %.2f cores", postgresCores(start, seconds)));
        if (simNanos == 0) {
            return sb.toString();
        }
        sb.append(String.format(", simulator's process %.2f cores (", simCores(start, seconds)));
        busiest(sb, simThreadNanos, start.simThreadNanos, seconds);
        return sb.append(')').toString();
    }

    /** The threads that used at least 0.02 cores, busiest first, as {@code name cores, ...}. */
    private static void busiest(StringBuilder sb, Map<String, Long> end, Map<String, Long> start, double seconds) {
        int from = sb.length();
        end.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() / 1e9 / seconds >= 0.02)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(String.format("%s %.2f, ", e.getKey(), e.getValue() / 1e9 / seconds)));
        if (sb.length() > from) {
            sb.setLength(sb.length() - 2);
        }
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
