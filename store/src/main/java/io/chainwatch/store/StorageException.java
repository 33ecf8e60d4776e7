package io.chainwatch.store;

/**
 * Storage could not do what was asked: PostgreSQL would not start, a connection failed, a
 * statement failed. The message names the operation and the cause; it never holds a password.
 */
public final class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
