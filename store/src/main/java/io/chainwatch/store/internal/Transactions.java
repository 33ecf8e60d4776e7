package io.chainwatch.store.internal;

import io.chainwatch.store.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the stores use a connection: borrowed for one call, one transaction for a write or for a
 * streamed read, and every {@link SQLException} turned into a {@link StorageException} that names
 * the operation. Stateless.
 */
final class Transactions {
    private Transactions() {
    }

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    static <T> T query(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw new StorageException(what + " failed and was rolled back: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new StorageException(what + ": COMMIT failed, so whether it took effect is unknown "
                        + "(doing it again is safe): " + e.getMessage(), e);
            }
            return result;
        } catch (SQLException e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one read-only transaction, which a server-side cursor needs (the driver
     * fetches by cursor only outside auto-commit); ended with a rollback, as it wrote nothing. A
     * {@link RuntimeException} of {@code work} (the caller's own, say) comes out as it is.
     */
    static <T> T readOnly(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw new StorageException(what + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
            c.rollback();
            return result;
        } catch (SQLException e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is likely broken; the pool discards it. The first failure is the story.
            cause.addSuppressed(e);
        }
    }
}
