package io.chainwatch.solana.tx;

import java.util.OptionalLong;

/** A {@code getTransaction} answer: the transaction, the slot it landed in, and the block's time when known. */
public record ConfirmedTransaction(long slot, OptionalLong blockTime, SolanaTransaction transaction) {
}
