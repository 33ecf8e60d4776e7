package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.util.List;

/**
 * The programs that subscriptions and address listings nearly always name, each with a bit. A
 * transaction notes when it is made which of them its account keys hold ({@link SolTx#knownPrograms}),
 * so that "does it mention pump?", asked of every transaction a load run hands out and lists, is one
 * bit test instead of a walk over a transaction's keys (each a separate object, cold in the cache
 * when a slot made long before is released). Stateless.
 */
final class KnownPrograms {
    private static final List<Pubkey> PROGRAMS = List.of(SolanaPrograms.PUMP, SolanaPrograms.PUMP_AMM, SolanaPrograms.PUMP_FEES,
            SolanaPrograms.SYSTEM, SolanaPrograms.COMPUTE_BUDGET, SolanaPrograms.TOKEN, SolanaPrograms.TOKEN_2022,
            SolanaPrograms.ASSOCIATED_TOKEN, SolanaPrograms.ROUTER, SolanaPrograms.MAYHEM);

    private KnownPrograms() {
    }

    /** The bit of {@code key}, or 0 when it is not one of the known programs. */
    static int bit(Pubkey key) {
        for (int i = 0, n = PROGRAMS.size(); i < n; i++) {
            if (PROGRAMS.get(i).equals(key)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** The bits of the known programs among {@code keys}. */
    static int of(Pubkey[] keys) {
        int bits = 0;
        for (Pubkey k : keys) {
            bits |= bit(k);
        }
        return bits;
    }
}
