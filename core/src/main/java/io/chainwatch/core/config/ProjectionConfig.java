package io.chainwatch.core.config;

/**
 * The {@code risk.projection:} section: how often and how the trade history is projected forward
 * (bootstrap Monte Carlo), and when the projection tightens the live limits. Every key is required
 * once the section is there; without the section nothing is projected.
 *
 * @param paths         futures drawn per run
 * @param horizon       trades in each future
 * @param threshold     the chance of reaching a loss limit (0 to below 1) above which the limits are tightened
 * @param tightenFactor what the limits' amounts are multiplied by while tightened (above 0, below 1)
 * @param intervalMs    time between two runs
 */
public record ProjectionConfig(int paths, int horizon, double threshold, double tightenFactor, long intervalMs) {
}
