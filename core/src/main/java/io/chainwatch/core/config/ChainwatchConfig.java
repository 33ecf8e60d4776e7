package io.chainwatch.core.config;

/** The whole checked configuration. Built only by {@link ConfigLoader}, so every instance is valid. */
public record ChainwatchConfig(EvmConfig evm, SolanaConfig solana, ApiConfig api, StorageConfig storage) {
}
