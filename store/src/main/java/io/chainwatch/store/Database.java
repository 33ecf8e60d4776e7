package io.chainwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chainwatch.core.config.Redact;
import io.chainwatch.core.config.StorageConfig;
import io.chainwatch.store.internal.PostgresEvmStore;
import io.chainwatch.store.internal.PostgresSolanaStore;
import io.chainwatch.store.internal.PostgresUrl;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The PostgreSQL database of {@code storage}: the embedded server under
 * {@code storage.dataDir/postgres} when {@code storage.url} is {@code embedded}, else the external
 * server of the URL; a connection pool; and the schema migrated to the latest version on open.
 *
 * <p>Owned by the application's wiring, which closes it last; thread-safe.
 */
public final class Database implements AutoCloseable {
    static final int POOL_SIZE = 8;
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final String redactedUrl;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded, String redactedUrl) {
        this.pool = pool;
        this.embedded = embedded;
        this.redactedUrl = redactedUrl;
    }

    /**
     * Starts (if embedded) and connects, then migrates the schema.
     *
     * @throws StorageException naming the (redacted) URL and the cause when the server cannot be
     *                          started or reached, or the migration fails
     * @throws IllegalArgumentException when {@code storage.url} is of no known form
     */
    public static Database open(StorageConfig config) {
        Objects.requireNonNull(config.url(), "storage.url");
        if (config.embedded()) {
            if (config.dataDir() == null) {
                throw new IllegalArgumentException("storage.dataDir: needed when storage.url is 'embedded', got none");
            }
            // Closed by close(), which the application calls last from its shutdown hook, after the feeds' last writes.
            EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(embeddedDataDir(config.dataDir()))).stopsAfterItsOwner();
            try {
                return connect(new PostgresUrl(pg.jdbcUrl(), EmbeddedPostgres.USER, null), pg);
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
        }
        return connect(PostgresUrl.parse(config), null);
    }

    /** Embedded data directory of {@code storage.dataDir}. */
    public static Path embeddedDataDir(Path storageDataDir) {
        return storageDataDir.resolve("postgres");
    }

    private static Database connect(PostgresUrl url, EmbeddedPostgres embedded) {
        String redacted = Redact.url(url.jdbcUrl());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(url));
        } catch (RuntimeException e) {
            throw new StorageException("storage.url " + redacted + ": cannot connect" + (url.user() == null ? "" : " as user '" + url.user() + "'")
                    + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").failOnMissingLocations(true).load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StorageException("storage.url " + redacted + ": schema migration failed: " + rootMessage(e), e);
        }
        LOG.info("storage ready at {}", redacted);
        return new Database(pool, embedded, redacted);
    }

    private static HikariConfig poolConfig(PostgresUrl url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("chainwatch-store");
        hc.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hc.setUsername(url.user());
        }
        if (url.password() != null) {
            hc.setPassword(url.password());
        }
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        // Fail at open rather than on the first query when the server cannot be reached.
        hc.setInitializationFailTimeout(1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "chainwatch");
        hc.addDataSourceProperty("connectTimeout", "10");
        return hc;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root + ")";
    }

    /** Pooled connections; for stores and health checks. */
    public DataSource dataSource() {
        return pool;
    }

    /** The EVM store on this database, stamping checkpoints with {@code clock}. */
    public EvmStore evmStore(InstantSource clock) {
        return new PostgresEvmStore(pool, clock);
    }

    /** The Solana store on this database, stamping checkpoints with {@code clock}. */
    public SolanaStore solanaStore(InstantSource clock) {
        return new PostgresSolanaStore(pool, clock);
    }

    /** The risk manager's persisted state and audit trail on this database. */
    public RiskStateStore riskStore() {
        return new RiskStateStore(pool);
    }

    /** The alert silences set through the API, kept across restarts, on this database. */
    public SilenceTable silences() {
        return new SilenceTable(pool);
    }

    /** The alert history (every state change and notification attempt) on this database. */
    public AlertHistoryStore alertHistory() {
        return new AlertHistoryStore(pool);
    }

    /**
     * The performance monitor's history on this database: samples as they come, one-minute and
     * one-hour aggregates made from them, each kept as long as {@code retention} says.
     */
    public io.chainwatch.monitor.PerformanceHistory performanceHistory(io.chainwatch.core.config.PerformanceConfig.Retention retention,
                                                                        InstantSource clock) {
        return new io.chainwatch.store.internal.PostgresPerformanceHistory(pool, retention, clock);
    }

    /** The JDBC URL with credentials removed, for logs and status pages. */
    public String redactedUrl() {
        return redactedUrl;
    }

    /** Closes the pool, then stops the embedded server if there is one. */
    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
