package io.chainwatch.endpoints;

/** Why a request to an endpoint failed. Each kind has its own counter. */
public enum FailureKind {
    TIMEOUT, REFUSED, HTTP_ERROR, THROTTLED, RPC_ERROR, MALFORMED, OVERSIZED, WRONG_CHAIN, LYING_HEAD, DEEP_FORK, CLOSED;

    public String metricName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the circuit breaker counts it: transport faults do, an RPC error from a working node does not. */
    public boolean breaksCircuit() {
        return this != RPC_ERROR;
    }
}
