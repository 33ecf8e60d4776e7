package io.chainwatch.sim.solana;

/**
 * What became of one slot when it was produced.
 *
 * @param status       {@code PRODUCED} (a block) or {@code SKIPPED}
 * @param transactions transactions in the block
 * @param pumpEvents   genuine pump and PumpSwap events of its successful transactions
 */
public record SlotOutcome(long slot, ProductionRecord.SlotStatus status, int transactions, int pumpEvents) {
}
