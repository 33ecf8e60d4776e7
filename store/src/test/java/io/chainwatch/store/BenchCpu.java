package io.chainwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time spent by the PostgreSQL server, for the load benchmarks: what the store costs beyond our own thread. */
final class BenchCpu {
    private BenchCpu() {
    }

    /** CPU time of every process named postgres, from /proc (clock ticks of 10 ms). */
    static long postgresCpuNanos() throws IOException {
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended meanwhile.
                }
            }
        }
        return ticks * 10_000_000L;
    }
}
