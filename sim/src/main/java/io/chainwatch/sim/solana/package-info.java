/**
 * The built-in Solana cluster simulator: slots at a set rate (or on request, or as fast as
 * subscribers read), skipped slots, forks, and commitment levels (processed, confirmed, finalized);
 * pump.fun creates, trades, completions and migrations to PumpSwap encoded as on mainnet (logs with
 * the invoke stack, {@code Program data:} events, self-CPI event instructions, BondingCurve and Pool
 * accounts), with decoys and failed transactions; served over Solana JSON-RPC (HTTP) and PubSub
 * (WebSocket) in Agave's shapes on several loopback endpoints with runtime fault switches. Start
 * with {@link io.chainwatch.sim.solana.SolanaSimulator#start}.
 *
 * <p>Ground truth for tests and coverage checks: {@link io.chainwatch.sim.solana.SolanaSimulator#block},
 * {@link io.chainwatch.sim.solana.SolanaSimulator#transaction} (with the intended
 * {@link io.chainwatch.sim.solana.PumpEvent}s) and
 * {@link io.chainwatch.sim.solana.SolanaSimulator#productionRecord}.
 *
 * <p>Threads: one platform thread (the simulator thread) owns the ledger's mutations, the account
 * store's writes, the pump market and the random source, and publishes immutable snapshots; Jetty
 * threads (virtual) answer requests from those snapshots; one virtual writer thread per WebSocket
 * connection drains that connection's bounded queue.
 *
 * <p>The encoders here (borsh, base58, the transaction wire format, program-derived addresses) are
 * the simulator's own, written from the formats, so that tests can check the decoders of the
 * {@code solana} module against an independent implementation.
 */
package io.chainwatch.sim.solana;
