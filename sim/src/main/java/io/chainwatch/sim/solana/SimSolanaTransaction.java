package io.chainwatch.sim.solana;

import java.util.List;

/**
 * One transaction as the simulator produced it: the ground truth to compare a client's view with.
 *
 * @param version     -1 for a legacy message, 0 for v0
 * @param err         the error as Solana's JSON shows it, or null when the transaction succeeded
 * @param events      every event its logs carry, genuine and decoy, in log order; a failed
 *                    transaction's events never took effect
 */
public record SimSolanaTransaction(long slot, int index, String signature, List<String> signatures, List<Pubkey> accountKeys,
        int version, String err, List<String> logMessages, List<PumpEvent> events) {

    public boolean failed() {
        return err != null;
    }
}
