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

/**
 * CPU time of this JVM, of its threads by name (digits folded; the JVM's own compiler and collector
 * threads included; virtual threads count in their carriers, {@code ForkJoinPool-N-worker-N}), of a PostgreSQL server with all its
 * processes, and of the simulator's process and its threads, for a load run's window: on a shared machine, what a run got of
 * the cores says as much as its rate.
 *
 * @param processNanos   this JVM's CPU time
 * @param threadNanos    CPU time by thread name, digits folded
 * @param postgresNanos  the CPU time of the PostgreSQL server whose command line names {@code dataDir}: its postmaster, its
 *                       processes, and those that ended (autovacuum workers come and go), which the postmaster's
 *                       {@code cutime} and {@code cstime} hold once it has reaped them
 * @param postgresRoles  the same by role ({@code checkpointer}, {@code walwriter}, {@code autovacuum worker}, the
 *                       connections as {@code backend}, the ended ones as {@code ended})
 * @param simNanos       the CPU time of the simulator's own process (0 when it runs in this JVM)
 * @param simThreadNanos the simulator's process's CPU time by thread name (empty when it runs in this JVM)
 */
record CpuUse(long processNanos, Map<String, Long> threadNanos, long postgresNanos, Map<String, Long> postgresRoles, long simNanos,
              Map<String, Long> simThreadNanos) {
    /** USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** @param simPid the simulator's process, 0 when it runs in this JVM */
    static CpuUse now(String dataDir, long simPid) {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        Map<String, Long> byName = threadsByName("self");
        Map<String, Long> roles = new TreeMap<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false))
                .forEach(postmaster -> {
                    long[] own = ticks(postmaster.pid());
                    roles.merge("postmaster", own[0], Long::sum);
                    roles.merge("ended", own[1], Long::sum);
                    postmaster.descendants().forEach(child -> roles.merge(role(child.pid()), ticks(child.pid())[0], Long::sum));
                });
        long nanosPerTick = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        roles.replaceAll((role, ticks) -> ticks * nanosPerTick);
        long postgres = roles.values().stream().mapToLong(Long::longValue).sum();
        long sim = simPid == 0 ? 0 : ProcessHandle.of(simPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
        return new CpuUse(process, byName, postgres, roles, sim, simPid == 0 ? Map.of() : threadsByName(Long.toString(simPid)));
    }

    /** A process's own CPU ticks (utime + stime) and its reaped children's (cutime + cstime); zeros once it is gone. */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // After the name in parentheses: utime is field 14, stime 15, cutime 16, cstime 17.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[2]; // it ended while it was read: its time is in the postmaster's cutime from now on
        }
    }

    /** A PostgreSQL process's role from the title it sets ({@code postgres: walwriter}); a connection is a {@code backend}. */
    private static String role(long pid) {
        try {
            String title = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').strip();
            String role = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
            for (String known : new String[] {"checkpointer", "background writer", "walwriter", "autovacuum launcher",
                    "autovacuum worker", "logical replication launcher"}) {
                if (role.startsWith(known)) {
                    return known;
                }
            }
            return "backend";
        } catch (IOException | RuntimeException e) {
            return "ended";
        }
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
        sb.append(String.format("), PostgreSQL %.2f cores (", postgresCores(start, seconds)));
        busiest(sb, postgresRoles, start.postgresRoles, seconds);
        sb.append(')');
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
