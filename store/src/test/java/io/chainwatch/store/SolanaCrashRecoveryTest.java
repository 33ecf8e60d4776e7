package io.chainwatch.store;

import io.chainwatch.core.config.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The process killed mid-stream: a child JVM writes {@link SolanaStream} through the store and is
 * killed with SIGKILL while one of its commits is open in PostgreSQL; a new store on the same data
 * directory resumes from the checkpoint (replaying some slots before it, as a source does after a
 * reconnect), and in the end every event is stored exactly once and the curves are what the whole
 * stream makes of them: nothing lost, nothing doubled.
 */
@Timeout(180)
class SolanaCrashRecoveryTest {
    static final String FEED = "pump";
    static final long LAST_SLOT = 3_000;

    @TempDir
    Path dir;

    @Test
    void aWriterKilledMidCommitAndRestartedEndsWithNoLostAndNoDoubledEvent() throws Exception {
        Path data = Fixtures.traversable(dir);
        long committedBeforeKill = killWriterMidCommit(data);

        try (Database db = Database.open(new StorageConfig("embedded", null, null, data))) {
            SolanaStore store = db.solanaStore(InstantSource.system());
            long checkpoint = store.checkpoint(FEED).orElseThrow().slot();
            // The child may have committed once more between its last report and the kill.
            assertThat(checkpoint).isBetween(committedBeforeKill, committedBeforeKill + 20).isLessThan(LAST_SLOT);
            // The open commit left nothing: every stored event and curve is of a slot up to the checkpoint.
            assertThat(storedEvents(db)).isEqualTo(keys(SolanaStream.eventsUpTo(checkpoint)));
            assertThat(storedCurves(store)).isEqualTo(SolanaStream.Curves.after(checkpoint));

            SolanaStream.write(store, FEED, LAST_SLOT, 20, 30, slot -> { });

            assertThat(store.checkpoint(FEED).orElseThrow().slot()).isEqualTo(LAST_SLOT);
            List<SolanaEventRow> all = SolanaStream.eventsUpTo(LAST_SLOT);
            assertThat(storedEvents(db)).isEqualTo(keys(all));
            assertThat(storedCurves(store)).isEqualTo(SolanaStream.Curves.after(LAST_SLOT));
            long trades = storedCurves(store).values().stream().mapToLong(CurveRow::trades).sum();
            assertThat(trades).isEqualTo(all.size());
            List<Long> lost = new ArrayList<>();
            for (long s = LAST_SLOT; s >= 1; s--) {
                if (SolanaStream.lost(s)) {
                    lost.add(s);
                }
            }
            assertThat(store.lostSlots(1000)).extracting(SolanaStore.LostSlot::slot).containsExactlyElementsOf(lost);
        }
    }

    /**
     * Starts the writer, lets it commit a few times, freezes it (SIGSTOP) until PostgreSQL shows one
     * of its transactions open and written to, then kills it (SIGKILL). Returns the last slot it
     * reported committed.
     */
    private static long killWriterMidCommit(Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SolanaWriterChild.class.getName(),
                data.toString(), FEED, Long.toString(LAST_SLOT)).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // The child is gone.
            }
        });
        try {
            String url = null;
            long committed = 0;
            int commits = 0;
            List<String> output = new ArrayList<>();
            while (commits < 5) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("child output so far: %s", output).isNotNull();
                output.add(line);
                if (line.startsWith("URL ")) {
                    url = line.substring(4);
                } else if (line.startsWith("COMMITTED ")) {
                    committed = Long.parseLong(line.substring(10));
                    commits++;
                }
                assertThat(line).as("child output: %s", output).isNotEqualTo("DONE");
            }
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgres.USER, null)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> frozenInsideAWrite(child, c));
                child.destroyForcibly(); // SIGKILL: no close(), no shutdown hook, the transaction open
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            String log = data.resolve("postgres").resolve(EmbeddedPostgres.LOG_FILE).toString();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(Path.of(log))
                    .contains("unexpected EOF on client connection with an open transaction"));
            for (String line = lines.poll(); line != null; line = lines.poll()) {
                if (line.startsWith("COMMITTED ")) {
                    committed = Long.parseLong(line.substring(10));
                }
            }
            return committed;
        } finally {
            child.destroyForcibly();
        }
    }

    /** Freezes the child; true, leaving it frozen, when one of its transactions stays open and written to while it is. */
    private static boolean frozenInsideAWrite(Process child, Connection c) throws Exception {
        signal("STOP", child.pid());
        Thread.sleep(20);
        String first = openWrite(c);
        // Long enough that a COMMIT the child sent just before it froze has been carried out.
        Thread.sleep(300);
        if (first != null && first.equals(openWrite(c))) {
            return true;
        }
        signal("CONT", child.pid());
        Thread.sleep(5);
        return false;
    }

    /** The transaction id of the store's open transaction that has written, or null. */
    private static String openWrite(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT backend_xid::text FROM pg_stat_activity "
                + "WHERE application_name = 'chainwatch' AND backend_xid IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    private record Key(SolanaSignature signature, int eventIndex, long slot) {
    }

    private static Set<Key> keys(List<SolanaEventRow> events) {
        Set<Key> out = new HashSet<>();
        for (SolanaEventRow e : events) {
            assertThat(out.add(new Key(e.signature(), e.eventIndex(), e.slot()))).as("the stream repeats no key").isTrue();
        }
        return out;
    }

    /** Every stored event's key; a key stored twice would fail. */
    private static Set<Key> storedEvents(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT signature, event_index, slot, retracted FROM solana_events");
             ResultSet rs = ps.executeQuery()) {
            Set<Key> out = new HashSet<>();
            while (rs.next()) {
                Key k = new Key(SolanaSignature.of(rs.getBytes(1)), rs.getInt(2), rs.getLong(3));
                assertThat(out.add(k)).as("stored once: %s", k).isTrue();
                assertThat(rs.getBoolean(4)).as("retracted: %s", k).isFalse();
            }
            return out;
        }
    }

    private static Map<SolanaPubkey, CurveRow> storedCurves(SolanaStore store) {
        Map<SolanaPubkey, CurveRow> out = new HashMap<>();
        for (CurveRow r : store.curves(null, 1000)) {
            out.put(r.mint(), r);
        }
        return out;
    }
}
