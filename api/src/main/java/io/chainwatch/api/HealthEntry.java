package io.chainwatch.api;

import java.util.Map;

/** One chain's entry in /api/v1/performance/health: its verdict, and the JSON object that reports it. */
record HealthEntry(Health status, Map<String, Object> body) {
}
