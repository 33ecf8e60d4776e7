package io.chainwatch.sim.internal;

/**
 * A JSON-RPC error answer: an expected outcome (bad params, unknown method, limit exceeded), so it
 * carries no stack trace. Thrown by parameter checks deep in a method and turned into an error
 * answer at exactly one place, {@link JsonRpcEnvelope}.
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
    private final String dataJson;

    public RpcFailure(int code, String message) {
        this(code, message, null);
    }

    /** @param dataJson the error's {@code data} member as JSON text, or null for none */
    public RpcFailure(int code, String message, String dataJson) {
        super(message, null, false, false);
        this.code = code;
        this.dataJson = dataJson;
    }

    public int code() {
        return code;
    }

    /** The {@code data} member as JSON text, or null. */
    public String dataJson() {
        return dataJson;
    }
}
