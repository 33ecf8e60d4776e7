package io.chainwatch.store;

import io.chainwatch.core.config.StorageConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening the database: external URLs in both forms, against a real server, and failures. */
@Timeout(60)
class DatabaseTest {
    @TempDir
    static Path dir;
    static EmbeddedPostgres server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(Fixtures.traversable(dir).resolve("pg")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLibpqStyleUrlConnectsMigratesAndHidesThePassword() {
        // Trust authentication accepts any password: enough to see it travel outside the URL.
        String url = "postgresql://postgres:s3cret@127.0.0.1:" + server.port() + "/postgres";
        try (Database db = Database.open(new StorageConfig(url, null, null, null))) {
            assertThat(db.redactedUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres").doesNotContain("s3cret");
            EvmStore store = db.evmStore(InstantSource.system());
            store.commit(List.of(new EvmStore.BlockBatch("libpq", Fixtures.block(1, 1), List.of(), List.of())));
            assertThat(store.checkpoint("libpq")).contains(Fixtures.block(1, 1));
        }
        // Opening again finds the schema current.
        try (Database db = Database.open(new StorageConfig(server.jdbcUrl(), "postgres", null, null))) {
            assertThat(db.evmStore(InstantSource.system()).checkpoint("libpq")).contains(Fixtures.block(1, 1));
        }
    }

    @Test
    void anUnreachableServerFailsNamingTheRedactedUrlAndTheCause() throws IOException {
        int closedPort = closedPort();
        String url = "postgresql://alice:s3cret@127.0.0.1:" + closedPort + "/chainwatch";

        assertThatThrownBy(() -> Database.open(new StorageConfig(url, null, null, null)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage.url jdbc:postgresql://127.0.0.1:" + closedPort + "/chainwatch: cannot connect as user 'alice'")
                .hasMessageContaining("Connection to 127.0.0.1:" + closedPort + " refused")
                .hasMessageNotContaining("s3cret");

        String jdbc = "jdbc:postgresql://127.0.0.1:" + closedPort + "/chainwatch?user=bob&password=s3cret";
        assertThatThrownBy(() -> Database.open(new StorageConfig(jdbc, null, null, null)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage.url jdbc:postgresql://127.0.0.1:" + closedPort + "/chainwatch: cannot connect as user 'bob'")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aWrongDatabaseNameFailsWithTheServersReason() {
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/no_such_db";

        assertThatThrownBy(() -> Database.open(new StorageConfig(url, "postgres", "pw", null)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage.url " + url + ": cannot connect as user 'postgres'")
                .hasMessageContaining("database \"no_such_db\" does not exist")
                .hasMessageNotContaining("pw");
    }

    @Test
    void aUrlOfNoKnownFormIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> Database.open(new StorageConfig("mysql://root:s3cret@db/x", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.url: expected 'embedded', a jdbc:postgresql:// URL or a postgresql://")
                .hasMessageContaining("mysql://***@db/x")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Database.open(new StorageConfig("embedded", null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage.dataDir: needed when storage.url is 'embedded', got none");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
