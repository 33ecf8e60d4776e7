package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;

/** An account as a block left it. */
public record AccountWrite(Pubkey key, AccountData account) {
}
