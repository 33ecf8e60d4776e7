package io.chainwatch.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedPostgresTest}: starts PostgreSQL on the data directory in
 * {@code args[0]}, commits a row, says {@code READY}, and waits to be killed with SIGKILL, so that
 * neither close() nor the shutdown hook runs.
 */
public final class KilledJvmChild {
    private KilledJvmChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(EmbeddedPostgres.Options.at(Path.of(args[0])));
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER, null);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS survivors (name text)");
            s.execute("INSERT INTO survivors VALUES ('written by the killed JVM')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
