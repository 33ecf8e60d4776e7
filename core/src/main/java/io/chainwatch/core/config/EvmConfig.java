package io.chainwatch.core.config;

import java.util.List;

public record EvmConfig(List<EvmChainConfig> chains) {
    public EvmConfig {
        chains = List.copyOf(chains);
    }
}
