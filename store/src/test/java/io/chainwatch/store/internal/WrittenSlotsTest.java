package io.chainwatch.store.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrittenSlotsTest {
    private final WrittenSlots written = new WrittenSlots();

    @Test
    void nothingWrittenHoldsNothing() {
        assertThat(written.mayHold(0)).isFalse();
        assertThat(written.mayHold(300_000_000L)).isFalse();
    }

    @Test
    void aSlotWrittenMayHoldAndItsUnwrittenNeighboursBelowTheTopDoNot() {
        written.add(1_000);
        written.add(1_500);

        assertThat(written.mayHold(1_000)).isTrue();
        assertThat(written.mayHold(1_500)).isTrue();
        assertThat(written.mayHold(999)).isFalse();
        assertThat(written.mayHold(1_001)).isFalse();
        assertThat(written.mayHold(1_499)).isFalse();
        assertThat(written.mayHold(1_501)).isFalse();
    }

    @Test
    void aSlotBelowTheWindowMayHoldForNothingIsKnownOfIt() {
        long top = 10L * WrittenSlots.WINDOW;
        written.add(top);

        assertThat(written.mayHold(top - WrittenSlots.WINDOW + 1)).isFalse();
        assertThat(written.mayHold(top - WrittenSlots.WINDOW)).isTrue();
        assertThat(written.mayHold(5)).isTrue();
        written.add(5); // too old to record: still true, and nothing else changes
        assertThat(written.mayHold(top - 1)).isFalse();
    }

    @Test
    void aBitReusedAsTheWindowMovesUpForgetsTheSlotItHeld() {
        written.add(7);
        // The same bit as slot 7, one window up: the slot it now stands for was never written.
        written.add(7 + WrittenSlots.WINDOW - 1);
        assertThat(written.mayHold(7)).isTrue();
        written.add(7 + WrittenSlots.WINDOW + 2);

        assertThat(written.mayHold(7 + WrittenSlots.WINDOW)).isFalse();
        assertThat(written.mayHold(7)).isTrue(); // below the window now
        assertThat(written.mayHold(7 + WrittenSlots.WINDOW - 1)).isTrue();
        assertThat(written.mayHold(7 + WrittenSlots.WINDOW + 1)).isFalse();
    }

    @Test
    void aJumpOfMoreThanTheWindowForgetsEverySlotBelow() {
        written.add(100);
        written.add(200);
        long far = 200 + 3L * WrittenSlots.WINDOW + 100;
        written.add(far);

        assertThat(written.mayHold(far)).isTrue();
        assertThat(written.mayHold(far - WrittenSlots.WINDOW + 100)).isFalse(); // 100's and 200's bits, reused
        assertThat(written.mayHold(far - WrittenSlots.WINDOW + 200)).isFalse();
    }

    @Test
    void aNegativeSlotIsRefused() {
        assertThatThrownBy(() -> written.add(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
