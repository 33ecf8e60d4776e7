package io.chainwatch.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

@Timeout(120)
class EmbeddedPostgresTest {
    @TempDir
    Path dir;

    @Test
    void aScratchServerDeletesItsFolderWhenClosed() throws Exception {
        Path root;
        try (EmbeddedPostgres pg = EmbeddedPostgres.scratch("chainwatch-scratch-test")) {
            root = pg.dataDir().getParent();
            assertThat(root.getFileName().toString()).startsWith("chainwatch-scratch-test");
            sql(pg, "CREATE TABLE t (v int)", "INSERT INTO t SELECT generate_series(1, 1000)");
            assertThat(query(pg, "SELECT count(*) FROM t")).containsExactly("1000");
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void committedDataSurvivesACleanRestartAndAPostmasterKilledHard() throws Exception {
        Path data = Fixtures.traversable(dir).resolve("pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data))) {
            sql(pg, "CREATE TABLE kept (v int)", "INSERT INTO kept VALUES (42)");
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(pg.pid()).isEqualTo(postmasterPid(data));
            if (uid(ProcessHandle.current().pid()) == 0) {
                // PostgreSQL refuses to run as root.
                assertThat(uid(pg.pid())).isEqualTo(65534);
                assertThat((Integer) Files.getAttribute(data, "unix:uid")).isEqualTo(65534);
            }
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();

        EmbeddedPostgres restarted = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data));
        assertThat(query(restarted, "SELECT v FROM kept")).containsExactly("42");
        sql(restarted, "INSERT INTO kept VALUES (7)");
        long pid = restarted.pid();
        kill9(pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadOrZombie(pid));
        assertThat(data.resolve("postmaster.pid")).as("left behind by the crash").exists();

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data))) {
            assertThat(query(pg, "SELECT v FROM kept ORDER BY v")).containsExactly("7", "42");
            restarted.close(); // finds another server on the directory: leaves it alone
            assertThat(query(pg, "SELECT count(*) FROM kept")).containsExactly("2");
        }
        assertThat(Files.readString(data.resolve("postgres.log")))
                .contains("database system was interrupted")
                .contains("database system is ready to accept connections");
    }

    @Test
    void restartAfterTheJvmWasKilledHardStopsItsLeftoverServerAndRecovers() throws Exception {
        Path data = Fixtures.traversable(dir).resolve("pg");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledJvmChild.class.getName(),
                data.toString()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
                output.add(line);
            }
            assertThat(child.isAlive()).as("child JVM said READY; its output: %s", output).isTrue();
            long leftover = postmasterPid(data);

            child.destroyForcibly(); // SIGKILL: no close(), no shutdown hook
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).as("the server outlives its JVM").contains(true);

            try (EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data))) {
                assertThat(query(pg, "SELECT name FROM survivors")).containsExactly("written by the killed JVM");
                assertThat(postmasterPid(data)).isNotEqualTo(leftover);
                await().atMost(Duration.ofSeconds(10)).until(() -> deadOrZombie(leftover));
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aDataDirUnderAParentNobodyCannotEnterFailsNamingTheDirectory() throws Exception {
        assumeThat(uid(ProcessHandle.current().pid())).as("PostgreSQL runs as nobody only when we are root").isZero();
        Path closed = Files.createDirectory(Fixtures.traversable(dir).resolve("closed"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path data = closed.resolve("pg");

        assertThatThrownBy(() -> EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("data directory " + data)
                .hasMessageContaining("its ancestor " + closed + " is not traversable by user nobody")
                .hasMessageContaining("chmod o+x " + closed);
    }

    @Test
    void aTakenFixedPortFailsWithThePostgresLogInTheMessage() throws Exception {
        Path data = Fixtures.traversable(dir).resolve("pg");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(EmbeddedPostgres.Options.at(data).withPort(taken.getLocalPort())))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot start the server on " + data)
                    .hasMessageContaining("Address already in use");
        }
    }

    static void sql(EmbeddedPostgres pg, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, null); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static List<String> query(EmbeddedPostgres pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
    }

    static void kill9(long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor()).isZero();
    }

    static boolean deadOrZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException gone) {
            return true;
        }
    }

    static int uid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new IOException("no Uid line for pid " + pid);
    }
}
