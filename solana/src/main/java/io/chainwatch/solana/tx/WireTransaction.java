package io.chainwatch.solana.tx;

import java.util.List;

/**
 * A transaction read from its binary (wire) form: the signatures, base58, and the message they sign.
 * Built by {@link TransactionWireReader}.
 */
public record WireTransaction(List<String> signatures, TransactionMessage message) {
    public WireTransaction {
        signatures = List.copyOf(signatures);
    }
}
