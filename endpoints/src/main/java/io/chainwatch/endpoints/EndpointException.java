package io.chainwatch.endpoints;

/** A failed request, with the endpoint (redacted) and the kind of failure. */
public final class EndpointException extends RuntimeException {
    private final FailureKind kind;
    private final String endpoint;
    private final int rpcCode;

    public EndpointException(String endpoint, FailureKind kind, String message) {
        this(endpoint, kind, 0, message);
    }

    /** @param rpcCode the JSON-RPC error code of the answer, or 0 when the failure was no error answer */
    public EndpointException(String endpoint, FailureKind kind, int rpcCode, String message) {
        super(endpoint + ": " + kind.metricName() + ": " + io.chainwatch.core.config.Redact.url(message), null, false, false);
        this.kind = kind;
        this.endpoint = endpoint;
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC error code the endpoint answered with, or 0 when the failure was no error answer. */
    public int rpcCode() {
        return rpcCode;
    }

    public FailureKind kind() {
        return kind;
    }

    public String endpoint() {
        return endpoint;
    }
}
