package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.sim.solana.Pubkey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountStoreTest {
    private static final Pubkey OWNER = key(1);
    private static final Pubkey BUSY = key(2);
    private static final Pubkey QUIET = key(3);
    private static final int FINALIZATION_DEPTH = 32;

    @Test
    void everyVersionAReaderMayAskForStaysAsTheChainIsCutAndForgetTakesOnlyItsSlot() {
        AccountStore store = new AccountStore();
        store.write(10, List.of(write(QUIET, 10)), -1);
        for (long slot = 100; slot <= 2_000; slot++) {
            long finalized = slot - FINALIZATION_DEPTH;
            store.write(slot, List.of(write(BUSY, slot)), finalized);
            // From the newest finalized a margin ago up: each slot reads as the version it wrote.
            for (long asOf = Math.max(100, finalized - 64); asOf <= slot; asOf += 7) {
                assertThat(lamports(store.read(BUSY, asOf))).as("slot %d as of %d", slot, asOf).isEqualTo(asOf);
            }
            assertThat(store.read(BUSY, 99)).as("before its first write").isNull();
        }
        assertThat(lamports(store.read(QUIET, 2_000))).isEqualTo(10); // never written again: its one version stays
        // A fork abandons slot 2,000: the account reads as slot 1,999 left it, and nothing else changes.
        store.forget(2_000, List.of(write(BUSY, 2_000)));
        assertThat(lamports(store.read(BUSY, 2_000))).isEqualTo(1_999);
        assertThat(lamports(store.read(BUSY, 1_950))).isEqualTo(1_950);
        // A slot below the newest (not how forks go, but allowed): only its version goes.
        store.forget(1_990, List.of(write(BUSY, 1_990)));
        assertThat(lamports(store.read(BUSY, 1_990))).isEqualTo(1_989);
        assertThat(lamports(store.read(BUSY, 1_991))).isEqualTo(1_991);
        assertThat(lamports(store.read(BUSY, 2_000))).isEqualTo(1_999);
        assertThat(store.byOwner(OWNER, 2_000)).extracting(f -> f.account().lamports()).containsExactlyInAnyOrder(10L, 1_999L);
    }

    private static AccountWrite write(Pubkey key, long slot) {
        return new AccountWrite(key, new AccountData(OWNER, slot, new byte[8], false, AccountData.RENT_EXEMPT_EPOCH));
    }

    private static long lamports(AccountData a) {
        return a == null ? -1 : a.lamports();
    }

    private static Pubkey key(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Pubkey.of(b);
    }
}
