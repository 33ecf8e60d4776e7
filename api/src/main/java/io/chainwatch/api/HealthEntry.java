package io.chainwatch.api;

import java.util.Map;

/** A verdict and the JSON object that reports it: one chain's entry in /api/v1/performance/health, or the whole answer. */
record HealthEntry(Health status, Map<String, Object> body) {
}
