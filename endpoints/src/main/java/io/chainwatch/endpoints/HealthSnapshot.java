package io.chainwatch.endpoints;

/**
 * An endpoint's health as the scorer last saw it. Immutable, published for the API and selection.
 *
 * @param score       0 (useless) to 1 (perfect): the weighted parts below
 * @param latencyPart 1 at or under the target latency, falling towards 0 as p95 grows
 * @param errorPart   1 - error rate over the window
 * @param lagPart     1 at no head lag, 0 at or beyond the lag bound
 */
public record HealthSnapshot(String id, String url, String region, int priority, EndpointState state, double score,
                             double latencyPart, double errorPart, double lagPart, double throttlePart,
                             double latencyEwmaMs, double p50Ms, double p95Ms, double p99Ms, double errorRate,
                             long requests, long head, long headLag, String breakerState, String lastFailure) {
}
