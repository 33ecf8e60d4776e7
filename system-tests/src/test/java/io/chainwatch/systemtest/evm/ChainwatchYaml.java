package io.chainwatch.systemtest.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.config.ChainwatchConfig;
import io.chainwatch.core.config.ConfigLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chainwatch configuration for one EVM chain, written as the YAML a user writes (so the tests go
 * through {@link ConfigLoader}'s checks too). API on a free port, storage on the test's PostgreSQL.
 * Immutable; each {@code with...} returns a copy.
 */
record ChainwatchYaml(String chain, long chainId, List<String> endpointUrls, List<Address> factories, String jdbcUrl,
                      long pollIntervalMs, int maxReorgDepth, int backfillBatchBlocks, String extraChainKeys) {
    static final List<String> REGIONS = List.of("eu", "us", "ap", "sa", "af");

    ChainwatchYaml {
        endpointUrls = List.copyOf(endpointUrls);
        factories = List.copyOf(factories);
    }

    static ChainwatchYaml of(String chain, long chainId, List<String> endpointUrls, List<Address> factories, String jdbcUrl) {
        return new ChainwatchYaml(chain, chainId, endpointUrls, factories, jdbcUrl, 500, 64, 100, "");
    }

    /** Raw extra keys for the chain's mapping, e.g. {@code "maxResponseBytes: 1048576"}. */
    ChainwatchYaml withChainKeys(String keys) {
        return new ChainwatchYaml(chain, chainId, endpointUrls, factories, jdbcUrl, pollIntervalMs, maxReorgDepth, backfillBatchBlocks, keys);
    }

    ChainwatchYaml withBackfillBatchBlocks(int blocks) {
        return new ChainwatchYaml(chain, chainId, endpointUrls, factories, jdbcUrl, pollIntervalMs, maxReorgDepth, blocks, extraChainKeys);
    }

    /** The id chainwatch gives endpoint {@code index}: {@code <chain>-<index>-<region>}. */
    String endpointId(int index) {
        return chain + "-" + index + "-" + REGIONS.get(index);
    }

    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("evm:");
        lines.add("  chains:");
        lines.add("    - name: " + chain);
        lines.add("      chainId: " + chainId);
        lines.add("      confirmations: 0");
        lines.add("      maxReorgDepth: " + maxReorgDepth);
        lines.add("      pollIntervalMs: " + pollIntervalMs);
        lines.add("      backfillBatchBlocks: " + backfillBatchBlocks);
        if (!extraChainKeys.isBlank()) {
            lines.add("      " + extraChainKeys);
        }
        lines.add("      endpoints:");
        for (int i = 0; i < endpointUrls.size(); i++) {
            lines.add("        - { url: \"" + endpointUrls.get(i) + "\", region: " + REGIONS.get(i) + ", priority: " + (i + 1)
                    + ", timeoutMs: 3000 }");
        }
        lines.add("      dexes:");
        for (int i = 0; i < factories.size(); i++) {
            lines.add("        - { name: dex-" + (char) ('a' + i) + ", kind: uniswap-v2, factory: \"" + factories.get(i).hex()
                    + "\", feeBps: 30, startBlock: 0 }");
        }
        lines.add("api: { host: 127.0.0.1, port: 0 }");
        lines.add("storage: { url: \"" + jdbcUrl + "\", user: postgres }");
        return String.join("\n", lines) + "\n";
    }

    ChainwatchConfig parse() {
        return new ConfigLoader(Map.of()).parse(render(), "system test");
    }
}
