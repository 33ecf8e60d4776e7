package io.chainwatch.sim.solana;

import java.util.List;

/**
 * A fork: blocks that were produced and then abandoned (they never become confirmed or finalized),
 * and the block that took the next slot on their parent.
 *
 * @param abandonedSlots the abandoned blocks' slots, ascending
 */
public record ForkOutcome(List<Long> abandonedSlots, SlotOutcome next) {
}
