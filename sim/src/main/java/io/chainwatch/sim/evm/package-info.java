/**
 * The built-in EVM chain simulator: Uniswap V2 pairs on a simulated chain with reorgs, served over
 * real Ethereum JSON-RPC (HTTP and WebSocket, geth's wire formats) on several loopback endpoints
 * with runtime fault switches. Start with {@link io.chainwatch.sim.evm.EvmSimulator#start}.
 *
 * <p>Threads: one platform thread (the simulator thread) owns the chain, the pairs and the random
 * source, and publishes immutable snapshots; Jetty threads (virtual) answer requests from those
 * snapshots; one virtual writer thread per WebSocket connection drains that connection's bounded
 * queue.
 */
package io.chainwatch.sim.evm;
