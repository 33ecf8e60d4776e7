package io.chainwatch.endpoints;

/** Why a request to an endpoint failed. Each kind has its own counter. */
public enum FailureKind {
    TIMEOUT, REFUSED, HTTP_ERROR, THROTTLED, RPC_ERROR, MALFORMED, OVERSIZED, WRONG_CHAIN, LYING_HEAD, DEEP_FORK, CLOSED;

    public String metricName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind of a transport failure (connect, send, receive), unwrapping a CompletionException: a
     * timeout is TIMEOUT, a refused connection REFUSED, a refused WebSocket handshake HTTP_ERROR
     * (THROTTLED for 429), a WebSocket message over the limit OVERSIZED and any other breach of the
     * WebSocket or HTTP protocol MALFORMED; the rest is CLOSED.
     */
    public static FailureKind of(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof EndpointException ee) {
            return ee.kind();
        }
        if (cause instanceof java.net.http.HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof io.chainwatch.endpoints.net.HttpProtocolException) {
            return MALFORMED;
        }
        if (cause instanceof io.chainwatch.endpoints.websocket.WebSocketRefusedException refused) {
            return refused.status() == 429 ? THROTTLED : HTTP_ERROR;
        }
        if (cause instanceof io.chainwatch.endpoints.websocket.WebSocketProtocolException broken) {
            return broken.closeCode() == io.chainwatch.endpoints.websocket.WebSocketProtocolException.MESSAGE_TOO_BIG ? OVERSIZED : MALFORMED;
        }
        if (cause instanceof java.net.ConnectException || cause.getCause() instanceof java.net.ConnectException) {
            return REFUSED;
        }
        return CLOSED;
    }

    /** Whether the circuit breaker counts it: transport faults do, an RPC error from a working node does not. */
    public boolean breaksCircuit() {
        return this != RPC_ERROR;
    }
}
