package io.chainwatch.core.config;

/**
 * The whole checked configuration. Built only by {@link ConfigLoader}, so every instance is valid.
 *
 * @param risk    the risk limits; empty when the configuration has no {@code risk:} section (nothing trades)
 * @param trading what trades and how; empty when nothing trades
 * @param alerts  the alert rules, routes, timings and channels; the defaults when the configuration has no {@code alerts:} section
 * @param tracing OpenTelemetry tracing; {@link TracingConfig#OFF} when the configuration has no {@code tracing:} section
 * @param performance the performance monitor's sampling, targets and history retention
 */
public record ChainwatchConfig(EvmConfig evm, SolanaConfig solana, ApiConfig api, StorageConfig storage,
                               java.util.Optional<RiskConfig> risk, java.util.Optional<TradingConfig> trading,
                               AlertsConfig alerts, TracingConfig tracing, PerformanceConfig performance) {
}
