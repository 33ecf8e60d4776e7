/** Internals of the EVM simulator; not an API. Each class states which thread owns its state. */
package io.chainwatch.sim.evm.internal;
