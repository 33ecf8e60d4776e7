/**
 * Solana transactions as JSON-RPC answers carry them, and the pump.fun family's events in them.
 *
 * <p>{@link io.chainwatch.solana.tx.RpcTransactionParser} reads {@code getBlock} and
 * {@code getTransaction} answers (transactions in {@code json}, {@code base64} or {@code base58}
 * encoding; {@link io.chainwatch.solana.tx.TransactionWireReader} deserializes the binary legacy and
 * v0 formats) into immutable {@link io.chainwatch.solana.tx.SolanaTransaction}s.
 * {@link io.chainwatch.solana.tx.EventExtractor} finds the events of watched programs in one
 * transaction, once each, with their position. Pure: no transport, no storage. Input that cannot be
 * read is a {@link io.chainwatch.solana.tx.TransactionFormatException} naming where; event bytes that
 * do not decode are values ({@link io.chainwatch.solana.DecodeResult}).
 */
package io.chainwatch.solana.tx;
