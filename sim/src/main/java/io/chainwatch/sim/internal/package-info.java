/**
 * Machinery every simulated endpoint shares, whatever the chain: the HTTP and WebSocket server on
 * one loopback port ({@link io.chainwatch.sim.internal.EndpointServer}), the JSON-RPC envelope
 * (batches, ids, injected errors), WebSocket connections with bounded outbound queues and
 * subscriptions of the chain's type, the connection set the simulator thread delivers to, counters,
 * and the mild chaos of the demo. Not an API: chain packages build on it.
 */
package io.chainwatch.sim.internal;
