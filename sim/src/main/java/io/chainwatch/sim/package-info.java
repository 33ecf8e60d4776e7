/**
 * The built-in chain simulators, one per chain family ({@link io.chainwatch.sim.evm} and
 * {@link io.chainwatch.sim.solana}), with what they share in public: the fault switches every
 * endpoint has ({@link io.chainwatch.sim.FaultSwitches}) and its counters
 * ({@link io.chainwatch.sim.EndpointStats}). {@link io.chainwatch.sim.fault.FaultProxy} breaks any
 * TCP connection, simulated or real.
 */
package io.chainwatch.sim;
