package io.chainwatch.core.config;

/**
 * The whole checked configuration. Built only by {@link ConfigLoader}, so every instance is valid.
 *
 * @param risk    the risk limits; empty when the configuration has no {@code risk:} section (nothing trades)
 * @param trading what trades and how; empty when nothing trades
 * @param performance the performance monitor's sampling, targets and history retention
 */
public record ChainwatchConfig(EvmConfig evm, SolanaConfig solana, ApiConfig api, StorageConfig storage,
                               java.util.Optional<RiskConfig> risk, java.util.Optional<TradingConfig> trading,
                               PerformanceConfig performance) {
}
