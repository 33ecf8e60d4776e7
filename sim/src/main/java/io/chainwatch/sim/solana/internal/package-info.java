/** Internals of the Solana simulator: ledger, accounts, pump.fun market and encoders, RPC and PubSub. Not an API. */
package io.chainwatch.sim.solana.internal;
