package io.chainwatch.endpoints;

/** A failed request, with the endpoint (redacted) and the kind of failure. */
public final class EndpointException extends RuntimeException {
    private final FailureKind kind;
    private final String endpoint;

    public EndpointException(String endpoint, FailureKind kind, String message) {
        super(endpoint + ": " + kind.metricName() + ": " + io.chainwatch.core.config.Redact.url(message), null, false, false);
        this.kind = kind;
        this.endpoint = endpoint;
    }

    public FailureKind kind() {
        return kind;
    }

    public String endpoint() {
        return endpoint;
    }
}
