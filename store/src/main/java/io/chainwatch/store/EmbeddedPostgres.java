package io.chainwatch.store;

import io.chainwatch.store.internal.Command;
import io.chainwatch.store.internal.DirectoryTree;
import io.chainwatch.store.internal.PostgresBinaries;
import io.chainwatch.store.internal.PostmasterPid;
import io.chainwatch.store.internal.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL server run by chainwatch from the binaries in zonky's binaries jar, on
 * 127.0.0.1 with trust authentication for user {@code postgres}. The data directory persists:
 * starting again on it keeps every committed row, also after the JVM or the server was killed.
 *
 * <p>The server runs as a separate process ({@code pg_ctl start}); {@link #close()} or the JVM
 * shutdown hook stops it. If the JVM dies without either, the server lives on and the next
 * {@link #start} on the same directory stops it first. Its output goes to
 * {@code <dataDir>/postgres.log}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    static final String LOG_FILE = "postgres.log";
    private static final long LOG_ROTATE_BYTES = 16L << 20;
    private static final int START_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

    /**
     * @param dataDir       the cluster's directory; created (with initdb) when missing. Every
     *                      directory above it must be traversable by {@code nobody} when
     *                      chainwatch runs as root
     * @param port          TCP port on 127.0.0.1, or 0 for a free one
     * @param binariesCache where the binaries are unpacked once per archive version
     * @param timeout       limit for each of initdb, start and stop
     */
    public record Options(Path dataDir, int port, Path binariesCache, Duration timeout) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(binariesCache, "binariesCache");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("embedded PostgreSQL port: must be 0 (any free) or 1..65535, got " + port);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("embedded PostgreSQL timeout: must be positive, got " + timeout);
            }
        }

        /** A free port, binaries cached under {@code java.io.tmpdir}, 60 s per step. */
        public static Options at(Path dataDir) {
            return new Options(dataDir, 0, Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(60));
        }

        public Options withPort(int port) {
            return new Options(dataDir, port, binariesCache, timeout);
        }
    }

    private final Options options;
    private final Path dataDir;
    private final Path bin;
    private final RunAs runAs;
    private final int port;
    /** The postmaster's pid, or -1 when its lock file could not be read after the start. */
    private final long pid;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Set by {@link #stopsAfterItsOwner}: at exit, the shutdown hook waits (at most {@link #OWNER_CLOSE_WAIT}) for the
     * owner's {@link #close}, so that the server outlives the owner's last writes. Every shutdown hook runs at once:
     * stopping at once, it ended the demo's server while the Solana feed's last commit was being written.
     */
    private volatile boolean ownerCloses;
    private final CountDownLatch closeAsked = new CountDownLatch(1);
    private static final Duration OWNER_CLOSE_WAIT = Duration.ofSeconds(30);
    /** A folder this instance made and deletes when it stops ({@link #scratch}), or null. */
    private volatile Path scratchRoot;

    private EmbeddedPostgres(Options options, Path dataDir, Path bin, RunAs runAs, int port, long pid) {
        this.options = options;
        this.dataDir = dataDir;
        this.bin = bin;
        this.runAs = runAs;
        this.port = port;
        this.pid = pid;
        this.shutdownHook = Thread.ofPlatform().name("embedded-postgres-stop").unstarted(this::stopAtExit);
    }

    /**
     * A throwaway server for a benchmark or load run: a new cluster in a new folder under {@code java.io.tmpdir}, named
     * from {@code prefix}, which {@link #close()} or the JVM's exit deletes with everything in it. A load run writes
     * gigabytes; kept, they fill the disk in a few runs.
     */
    public static EmbeddedPostgres scratch(String prefix) throws IOException {
        Path root = Files.createTempDirectory(prefix);
        try {
            // PostgreSQL runs as nobody when we run as root: it must be able to pass through this folder.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            EmbeddedPostgres pg = start(Options.at(root.resolve("pg")));
            pg.scratchRoot = root;
            return pg;
        } catch (RuntimeException | IOException e) {
            DirectoryTree.delete(root);
            throw e;
        }
    }

    /** Unpacks the binaries if needed, creates the cluster if new, and starts the server. */
    public static EmbeddedPostgres start(Options options) {
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        RunAs runAs = RunAs.forThisProcess();
        try {
            Files.createDirectories(dataDir.getParent());
            runAs.requireTraversable(dataDir);
            Path bin = PostgresBinaries.install(options.binariesCache()).resolve("bin");
            if (!Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
                initdb(bin, dataDir, runAs, options.timeout());
            }
            requireOwnedBy(dataDir, runAs);
            stopLeftoverServer(bin, dataDir, runAs, options.timeout());
            rotateLog(dataDir);
            return launch(options, dataDir, bin, runAs);
        } catch (IOException e) {
            throw new StorageException("embedded PostgreSQL in " + dataDir + ": " + e, e);
        }
    }

    /**
     * initdb into a sibling directory, then rename: a JVM killed halfway leaves no half-made
     * cluster under the real name.
     */
    private static void initdb(Path bin, Path dataDir, RunAs runAs, Duration timeout) throws IOException {
        if (Files.exists(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new StorageException("embedded PostgreSQL data directory " + dataDir
                            + " is not empty but holds no cluster (no PG_VERSION); refusing to overwrite it");
                }
            }
            Files.delete(dataDir);
        }
        Path staging = dataDir.resolveSibling(dataDir.getFileName() + ".initdb");
        DirectoryTree.delete(staging);
        Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        runAs.own(staging);
        Command.Result r = Command.run(runAs.command(List.of(bin.resolve("initdb").toString(), "-D", staging.toString(),
                "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-instructions")), timeout);
        if (!r.ok()) {
            throw new StorageException("embedded PostgreSQL: initdb of " + dataDir + " failed with exit code " + r.exitCode()
                    + ":\n" + r.tail(20));
        }
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("created PostgreSQL cluster in {}", dataDir);
    }

    private static void requireOwnedBy(Path dataDir, RunAs runAs) throws IOException {
        int owner = (Integer) Files.getAttribute(dataDir, "unix:uid");
        if (owner != runAs.uid()) {
            throw new StorageException("embedded PostgreSQL data directory " + dataDir + " belongs to uid " + owner
                    + " but PostgreSQL runs as uid " + runAs.uid() + "; chown -R it to " + runAs.uid());
        }
    }

    /** Stops a server left by a JVM killed hard; drops a lock file that names no server. */
    private static void stopLeftoverServer(Path bin, Path dataDir, RunAs runAs, Duration timeout) throws IOException {
        switch (PostmasterPid.inspect(dataDir)) {
            case PostmasterPid.Absent() -> {
            }
            case PostmasterPid.Stale(long pid, String why) -> {
                LOG.warn("removing stale {} of {} (pid {}: {}); the server had crashed", PostmasterPid.FILE, dataDir, pid, why);
                Files.deleteIfExists(dataDir.resolve(PostmasterPid.FILE));
            }
            case PostmasterPid.Live(long pid) -> {
                LOG.warn("PostgreSQL pid {} from an earlier run still serves {}; stopping it", pid, dataDir);
                Command.Result r = pgCtl(bin, runAs, timeout, List.of("stop", "-D", dataDir.toString(), "-m", "fast", "-w"));
                if (!r.ok()) {
                    throw new StorageException("embedded PostgreSQL: cannot stop the leftover server pid " + pid + " on " + dataDir
                            + ":\n" + r.tail(20));
                }
            }
        }
    }

    private static EmbeddedPostgres launch(Options options, Path dataDir, Path bin, RunAs runAs) throws IOException {
        Command.Result last = null;
        String lastLog = "";
        // Retried because a free port may be taken between probe and bind, and because the
        // children of a postmaster killed hard hold its shared memory for a moment after it died.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(Duration.ofMillis(300L * attempt));
            }
            int port = options.port() != 0 ? options.port() : freePort();
            long logOffset = Files.exists(dataDir.resolve(LOG_FILE)) ? Files.size(dataDir.resolve(LOG_FILE)) : 0;
            List<String> args = new ArrayList<>(List.of("start", "-D", dataDir.toString(), "-l", dataDir.resolve(LOG_FILE).toString(),
                    "-w", "-t", Long.toString(Math.max(1, options.timeout().toSeconds())),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"));
            last = pgCtl(bin, runAs, options.timeout().plusSeconds(5), args);
            if (!last.ok()) {
                lastLog = logSince(dataDir, logOffset);
                if (options.port() != 0 && lastLog.contains("Address already in use")) {
                    break; // the configured port is taken: trying again will not help
                }
            }
            if (last.ok()) {
                long pid = PostmasterPid.inspect(dataDir) instanceof PostmasterPid.Live(long p) ? p : -1;
                EmbeddedPostgres pg = new EmbeddedPostgres(options, dataDir, bin, runAs, port, pid);
                Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                LOG.info("PostgreSQL started on 127.0.0.1:{} with data in {}", port, dataDir);
                return pg;
            }
        }
        throw new StorageException("embedded PostgreSQL: cannot start the server on " + dataDir + " (pg_ctl exit code "
                + last.exitCode() + "): " + last.tail(5) + "\nits log " + dataDir.resolve(LOG_FILE) + " says:\n" + Command.tail(lastLog, 20));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("embedded PostgreSQL: interrupted while starting");
        }
    }

    private static Command.Result pgCtl(Path bin, RunAs runAs, Duration timeout, List<String> args) {
        List<String> program = new ArrayList<>();
        program.add(bin.resolve("pg_ctl").toString());
        program.addAll(args);
        return Command.run(runAs.command(program), timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void rotateLog(Path dataDir) throws IOException {
        Path log = dataDir.resolve(LOG_FILE);
        if (Files.exists(log) && Files.size(log) > LOG_ROTATE_BYTES) {
            Files.move(log, dataDir.resolve(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What the server logged from byte {@code offset} on. */
    private static String logSince(Path dataDir, long offset) {
        try (var ch = FileChannel.open(dataDir.resolve(LOG_FILE))) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(0, ch.size() - offset)));
            ch.read(buf, offset);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; the user is {@link #USER}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** The postmaster's process id, or -1 if unknown. */
    public long pid() {
        return pid;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The owner closes this server itself, from its own shutdown hook too: at exit the server waits for that
     * close (up to 30 s) instead of stopping while the owner still writes.
     */
    public EmbeddedPostgres stopsAfterItsOwner() {
        ownerCloses = true;
        return this;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}): open sessions are ended, committed data stays. */
    @Override
    public void close() {
        closeAsked.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to run, and stops the server itself.
            return;
        }
        stop();
    }

    private void stopAtExit() {
        if (ownerCloses) {
            try {
                if (!closeAsked.await(OWNER_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("PostgreSQL on port {}: its owner did not close it within {} s of exit; stopping it now", port,
                            OWNER_CLOSE_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (stopServer()) {
            deleteScratch();
        }
    }

    /** Stops our own server; false when it may still be running. */
    private boolean stopServer() {
        try {
            // Stop only our own server: after a crash another instance may serve the directory by now.
            if (!(PostmasterPid.inspect(dataDir) instanceof PostmasterPid.Live(long running)) || (pid != -1 && running != pid)) {
                LOG.warn("PostgreSQL on port {} with data in {} was no longer running (crashed or stopped by someone else)", port, dataDir);
                return true;
            }
        } catch (IOException e) {
            LOG.warn("cannot read {} of {}: {}; trying pg_ctl stop anyway", PostmasterPid.FILE, dataDir, e.toString());
        }
        Command.Result r = pgCtl(bin, runAs, options.timeout(), List.of("stop", "-D", dataDir.toString(), "-m", "fast", "-w"));
        if (r.ok()) {
            LOG.info("PostgreSQL on port {} stopped", port);
        } else {
            LOG.error("embedded PostgreSQL on {}: pg_ctl stop failed with exit code {}:\n{}", dataDir, r.exitCode(), r.tail(10));
        }
        return r.ok();
    }

    private void deleteScratch() {
        Path root = scratchRoot;
        if (root == null) {
            return;
        }
        try {
            DirectoryTree.delete(root);
        } catch (IOException e) {
            LOG.warn("cannot delete the scratch PostgreSQL folder {}: {}", root, e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[127.0.0.1:" + port + ", " + dataDir + "]";
    }
}
