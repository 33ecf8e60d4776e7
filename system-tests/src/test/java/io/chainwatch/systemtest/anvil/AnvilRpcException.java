package io.chainwatch.systemtest.anvil;

/** Anvil answered a control or query call with an error, or could not be reached. */
public final class AnvilRpcException extends RuntimeException {
    public AnvilRpcException(String message) {
        super(message);
    }

    public AnvilRpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
