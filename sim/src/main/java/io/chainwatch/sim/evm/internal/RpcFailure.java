package io.chainwatch.sim.evm.internal;

/**
 * A JSON-RPC error answer: an expected outcome (bad params, unknown method, limit exceeded), so it
 * carries no stack trace. Thrown by parameter checks deep in a method and turned into an error
 * answer at exactly one place, {@link JsonRpcDispatcher}.
 */
public final class RpcFailure extends RuntimeException {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    public static final int SERVER_ERROR = -32000;
    public static final int LIMIT_EXCEEDED = -32005;

    private final int code;

    public RpcFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    static RpcFailure invalidArgument(int index, String reason) {
        return new RpcFailure(INVALID_PARAMS, "invalid argument " + index + ": " + reason);
    }
}
