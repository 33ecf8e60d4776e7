package io.chainwatch.systemtest.anvil;

import java.util.Map;
import java.util.Objects;

/** A transaction to put into the new blocks of an {@link Anvil#reorg(int, java.util.List)}. */
public sealed interface ReorgTx {
    /** Which new block gets it: 0 is the first block after the common ancestor. */
    int blockOffset();

    /** The JSON anvil reads for the transaction. */
    Object payload();

    /** A signed transaction (0x-prefixed RLP), e.g. one made by {@link DevWallet#sign}. */
    record Signed(String rawTxHex, int blockOffset) implements ReorgTx {
        public Signed {
            Objects.requireNonNull(rawTxHex, "rawTxHex");
            if (!rawTxHex.startsWith("0x")) {
                throw new IllegalArgumentException("rawTxHex must start with 0x, got " + rawTxHex);
            }
            requireOffset(blockOffset);
        }

        @Override
        public Object payload() {
            return rawTxHex;
        }
    }

    /**
     * A transaction request anvil signs itself, so {@code from} must be one of its unlocked dev
     * accounts; anvil fills in nonce, gas and fees.
     */
    record Unsigned(String from, String to, String dataHex, int blockOffset) implements ReorgTx {
        public Unsigned {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(dataHex, "dataHex");
            requireOffset(blockOffset);
        }

        @Override
        public Object payload() {
            return Map.of("from", from, "to", to, "input", dataHex);
        }
    }

    private static void requireOffset(int blockOffset) {
        if (blockOffset < 0) {
            throw new IllegalArgumentException("blockOffset must be >= 0, got " + blockOffset);
        }
    }
}
