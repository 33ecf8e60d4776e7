package io.chainwatch.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a data directory's {@code postmaster.pid} says, checked against {@code /proc}.
 *
 * <p>After a crash the file outlives its server. PostgreSQL copes when the old pid is gone, but
 * not when it belongs to a zombie (a killed postmaster whose parent has not reaped it yet) or was
 * reused by another process of the same user; both would block a restart, so both count as stale.
 * A server still running from a previous JVM that was killed hard counts as live.
 */
public sealed interface PostmasterPid {
    String FILE = "postmaster.pid";

    /** No lock file: no server was running, or it shut down cleanly. */
    record Absent() implements PostmasterPid {
    }

    /** A postgres process with this pid is running on the data directory. */
    record Live(long pid) implements PostmasterPid {
    }

    /** The lock file names no running server. */
    record Stale(long pid, String why) implements PostmasterPid {
    }

    static PostmasterPid inspect(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return new Absent();
        }
        if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d+")) {
            return new Stale(-1, "the file is empty or torn");
        }
        long pid = Long.parseLong(lines.getFirst().strip());
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat;
        try {
            stat = Files.readString(proc.resolve("stat"));
        } catch (NoSuchFileException e) {
            return new Stale(pid, "no process has that pid");
        }
        // "pid (comm) S ...": comm may itself hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(stat.indexOf('(') + 1, close);
        char state = stat.charAt(close + 2);
        if (state == 'Z' || state == 'X') {
            return new Stale(pid, "the process is dead (a zombie not yet reaped)");
        }
        if (!comm.equals("postgres")) {
            return new Stale(pid, "the pid now belongs to '" + comm + "'");
        }
        try {
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            if (!cwd.equals(dataDir.toRealPath())) {
                return new Stale(pid, "the pid belongs to a postgres serving " + cwd);
            }
        } catch (IOException | SecurityException notOurs) {
            // Another user's process: not a server we could have started on this directory.
            return new Stale(pid, "the pid belongs to a postgres of another user");
        }
        return new Live(pid);
    }
}
