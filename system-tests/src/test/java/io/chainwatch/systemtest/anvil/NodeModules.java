package io.chainwatch.systemtest.anvil;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the pinned npm packages the system tests run on: the anvil binary and the Uniswap V2
 * build artifacts. They live in {@code node_modules} of the repository root, which the build
 * passes as the system property {@value #ROOT_PROPERTY}; without it the search starts from the
 * working directory. Either way it walks up the parents, so a test started from a module folder
 * by an IDE finds them too.
 */
public final class NodeModules {
    public static final String ROOT_PROPERTY = "chainwatch.repo.root";
    static final String ANVIL = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
    static final String V2_CORE_BUILD = "node_modules/@uniswap/v2-core/build";
    static final String V2_PERIPHERY_BUILD = "node_modules/@uniswap/v2-periphery/build";

    private NodeModules() {}

    /** The anvil executable; fails with the fix in the message when it is not installed. */
    public static Path anvilBinary() {
        Path binary = locate(ANVIL);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("anvil at " + binary + " is not executable; run `npm ci` in the repository root again");
        }
        return binary;
    }

    /** A Uniswap v2-core artifact, e.g. {@code UniswapV2Factory}: JSON with "abi" and "bytecode". */
    public static Path v2CoreArtifact(String contract) {
        return locate(V2_CORE_BUILD + "/" + contract + ".json");
    }

    /** A Uniswap v2-periphery artifact, e.g. {@code UniswapV2Router02} or {@code WETH9}. */
    public static Path v2PeripheryArtifact(String contract) {
        return locate(V2_PERIPHERY_BUILD + "/" + contract + ".json");
    }

    static Path locate(String relative) {
        String configured = System.getProperty(ROOT_PROPERTY);
        return locate(Path.of(configured != null && !configured.isBlank() ? configured : System.getProperty("user.dir")), relative);
    }

    static Path locate(Path from, String relative) {
        Path start = from.toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found in " + start + " or any parent (set by system property "
                + ROOT_PROPERTY + "); run `npm ci` in the repository root to install anvil and the Uniswap artifacts");
    }
}
