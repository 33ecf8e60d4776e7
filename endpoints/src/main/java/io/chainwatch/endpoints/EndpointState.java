package io.chainwatch.endpoints;

/** Where the scorer puts an endpoint. BENCHED endpoints get only probes until they recover. */
public enum EndpointState {
    HEALTHY, DEGRADED, BENCHED
}
