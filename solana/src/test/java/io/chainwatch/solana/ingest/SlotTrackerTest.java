package io.chainwatch.solana.ingest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SlotTrackerTest {
    @Test
    void aGapHoldsTheCheckpointBackUntilItIsBackfilled() {
        SlotTracker t = new SlotTracker(100, 2, 1024);
        assertThat(t.delivered(100)).isEqualTo(SlotTracker.Outcome.NEW);
        assertThat(t.delivered(101)).isEqualTo(SlotTracker.Outcome.NEW);
        // 102..104 missed; 105 arrives: the gap is known at once.
        t.delivered(105);
        assertThat(t.openGaps()).containsExactly(new SlotTracker.Gap(102, 104));
        assertThat(t.checkpoint()).isEqualTo(101);
        t.delivered(103);
        t.skipped(104); // the leader produced nothing: handled, not a gap
        assertThat(t.openGaps()).containsExactly(new SlotTracker.Gap(102, 102));
        assertThat(t.checkpoint()).isEqualTo(101);
        t.delivered(102);
        assertThat(t.openGaps()).isEmpty();
        assertThat(t.checkpoint()).isEqualTo(105);
        assertThat(t.stats().coverage()).isEqualTo(1.0);
        assertThat(t.stats().skipped()).isEqualTo(1);
    }

    @Test
    void aStreamThatFallsSilentShowsGapsOnceTheTipIsPastTheGrace() {
        SlotTracker t = new SlotTracker(10, 3, 1024);
        t.delivered(10);
        t.observedTip(12);
        assertThat(t.openGaps()).as("within the grace: slots may still come").isEmpty();
        t.observedTip(15);
        assertThat(t.openGaps()).containsExactly(new SlotTracker.Gap(11, 12));
        assertThat(t.stats().lagSlots()).isEqualTo(5);
    }

    @Test
    void aResumeThatJumpsAheadLeavesTheSkippedOverSlotsAsGaps() {
        SlotTracker t = new SlotTracker(1_000, 2, 1024);
        for (long s = 1_000; s <= 1_010; s++) {
            t.delivered(s);
        }
        // The stream reconnects and replays from 1_011, but the provider starts at 1_020 without saying so.
        t.delivered(1_020);
        assertThat(t.openGaps()).containsExactly(new SlotTracker.Gap(1_011, 1_019));
        assertThat(t.checkpoint()).isEqualTo(1_010);
    }

    @Test
    void theOverlapOfAReplayIsDroppedAsDuplicates() {
        SlotTracker t = new SlotTracker(0, 2, 1024);
        for (long s = 0; s < 20; s++) {
            t.delivered(s);
        }
        for (long s = 15; s < 25; s++) {
            SlotTracker.Outcome o = t.delivered(s);
            assertThat(o).isEqualTo(s < 20 ? SlotTracker.Outcome.BEHIND : SlotTracker.Outcome.NEW);
        }
        t.delivered(30);
        assertThat(t.delivered(30)).isEqualTo(SlotTracker.Outcome.DUPLICATE);
        assertThat(t.stats().duplicates()).isEqualTo(6);
    }

    @Test
    void aGivenUpSlotIsRecordedAndLowersCoverage() {
        SlotTracker t = new SlotTracker(0, 1, 64);
        t.delivered(0);
        t.delivered(2);
        t.lost(1);
        assertThat(t.checkpoint()).isEqualTo(2);
        assertThat(t.lostSlots()).containsExactly(1L);
        assertThat(t.stats().coverage()).isEqualTo(2.0 / 3.0);
    }

    @Test
    void aSlotBeyondTheWindowGivesUpTheOldestGapsWithARecord() {
        SlotTracker t = new SlotTracker(0, 1, 16);
        t.delivered(0);
        t.delivered(5);
        assertThat(t.delivered(30)).isEqualTo(SlotTracker.Outcome.WINDOW_OVERFLOW);
        assertThat(t.lostSlots()).startsWith(1L, 2L, 3L, 4L, 6L);
        assertThat(t.checkpoint()).isGreaterThanOrEqualTo(14);
        assertThat(t.stats().lost()).isEqualTo(t.lostSlots().size());
    }

    /**
     * Against a plain model: any order of deliveries, skips and losses over a range leaves the
     * checkpoint at the highest contiguous handled slot, the gaps exactly the unhandled slots below
     * the highest delivery, and the counts right.
     */
    @Property(tries = 300)
    void matchesAPlainModelInAnyOrder(@ForAll @LongRange(min = 0, max = 1_000_000) long first,
                                      @ForAll @IntRange(min = 1, max = 300) int count, @ForAll long seed) {
        Random random = new Random(seed);
        SlotTracker t = new SlotTracker(first, 0, 1024);
        List<Long> slots = new ArrayList<>();
        for (long s = first; s < first + count; s++) {
            slots.add(s);
        }
        Collections.shuffle(slots, random);
        int handledCount = random.nextInt(count + 1);
        byte[] model = new byte[count];
        long highestDelivered = -1;
        for (int i = 0; i < handledCount; i++) {
            long s = slots.get(i);
            int kind = random.nextInt(10);
            if (kind < 7) {
                t.delivered(s);
                model[(int) (s - first)] = 1;
                highestDelivered = Math.max(highestDelivered, s);
            } else if (kind < 9) {
                t.skipped(s);
                model[(int) (s - first)] = 2;
            } else {
                t.lost(s);
                model[(int) (s - first)] = 3;
            }
        }
        long checkpoint = first - 1;
        while (checkpoint + 1 < first + count && model[(int) (checkpoint + 1 - first)] != 0) {
            checkpoint++;
        }
        assertThat(t.checkpoint()).isEqualTo(checkpoint);
        long openBelowHighest = 0;
        for (long s = first; s < highestDelivered; s++) {
            if (model[(int) (s - first)] == 0) {
                openBelowHighest++;
            }
        }
        assertThat(t.openGaps().stream().mapToLong(SlotTracker.Gap::slots).sum()).isEqualTo(openBelowHighest);
        long delivered = 0;
        long lost = 0;
        for (byte b : model) {
            delivered += b == 1 ? 1 : 0;
            lost += b == 3 ? 1 : 0;
        }
        assertThat(t.stats().delivered()).isEqualTo(delivered);
        assertThat(t.stats().lost()).isEqualTo(lost);
    }
}
