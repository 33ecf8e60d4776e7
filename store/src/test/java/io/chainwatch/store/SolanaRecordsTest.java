package io.chainwatch.store;

import io.chainwatch.core.U256;
import io.chainwatch.core.config.Commitment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's Solana records: keys by value, and bad input refused with the value in the message. */
@Timeout(10)
class SolanaRecordsTest {

    @Test
    void keysAndSignaturesRoundTripTheirBytesAndCompareByValue() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] key = new byte[32];
        byte[] sig = new byte[64];
        for (int i = 0; i < 100; i++) {
            random.nextBytes(key);
            random.nextBytes(sig);
            assertThat(SolanaPubkey.of(key).bytes()).isEqualTo(key);
            assertThat(SolanaSignature.of(sig).bytes()).isEqualTo(sig);
            assertThat(SolanaPubkey.of(key.clone())).isEqualTo(SolanaPubkey.of(key)).hasSameHashCodeAs(SolanaPubkey.of(key));
            assertThat(SolanaSignature.of(sig.clone())).isEqualTo(SolanaSignature.of(sig));
        }
        assertThat(SolanaPubkey.of(new byte[32]).toString()).isEqualTo("00".repeat(32));
        assertThatThrownBy(() -> SolanaPubkey.of(new byte[31])).hasMessage("a public key is 32 bytes, got 31");
        assertThatThrownBy(() -> SolanaSignature.of(new byte[32])).hasMessage("a signature is 64 bytes, got 32");
    }

    @Test
    void badRowsAreRefusedNamingTheValue() {
        SolanaEventRow ok = SolanaFixtures.trade(1, 5, 0, 0, SolanaFixtures.key(1, 1), Commitment.CONFIRMED);
        assertThatThrownBy(() -> new SolanaEventRow(ok.signature(), -1, 5, 0, null, ok.program(), "pump", "TradeEvent",
                Commitment.CONFIRMED, null, null, null)).hasMessageStartingWith("eventIndex: must be >= 0, got -1");
        assertThatThrownBy(() -> new SolanaEventRow(ok.signature(), 0, 5, -2, null, ok.program(), "pump", "TradeEvent",
                Commitment.CONFIRMED, null, null, null)).hasMessageStartingWith("txIndex: must be >= 0 or UNKNOWN_TX_INDEX, got -2");
        assertThatThrownBy(() -> new SolanaStore.SlotCommit(" ", 1, List.of(), List.of(), List.of()))
                .hasMessage("feed: a name is needed, got ' '");
        assertThatThrownBy(() -> new SolanaStore.SlotCommit("pump", -1, List.of(), List.of(), List.of()))
                .hasMessage("checkpointSlot: must be >= 0, got -1 (feed 'pump')");
        assertThatThrownBy(() -> new CurveRow(SolanaFixtures.key(1, 1), CurveRow.Status.TRADING, null, 0, 0, 0, 0, 0, false, U256.ZERO,
                U256.ZERO, -1, CurveRow.UNKNOWN_SLOT, null, 0)).hasMessageContaining("trades must be >= 0, got -1");
    }

    @Test
    void aRowsBytesAreItsOwnAndCompareByContent() {
        SolanaEventRow ok = SolanaFixtures.trade(1, 5, 0, 0, SolanaFixtures.key(1, 1), Commitment.CONFIRMED);
        byte[] given = {1, 2, 3};
        SolanaEventRow row = withData(ok, given);
        given[0] = 9;
        byte[] handedOut = row.data();
        handedOut[1] = 9;

        assertThat(row.data()).containsExactly(1, 2, 3).isNotSameAs(row.data());
        assertThat(row).isEqualTo(withData(ok, new byte[]{1, 2, 3})).hasSameHashCodeAs(withData(ok, new byte[]{1, 2, 3}))
                .isNotEqualTo(withData(ok, new byte[]{1, 2, 4})).isNotEqualTo(withData(ok, null));
        assertThat(row.toString()).endsWith(", data=010203]");
        assertThat(withData(ok, null).data()).isNull();
        assertThat(withData(ok, null)).isEqualTo(withData(ok, null)).hasToString(withData(ok, null).toString());
        assertThat(withData(ok, null).toString()).endsWith(", data=null]");
    }

    @Test
    void curveStatusesHaveTheirStoredNames() {
        for (CurveRow.Status s : CurveRow.Status.values()) {
            assertThat(CurveRow.Status.ofStoredName(s.storedName())).isSameAs(s);
        }
        assertThat(CurveRow.Status.MIGRATED.storedName()).isEqualTo("migrated");
        assertThatThrownBy(() -> CurveRow.Status.ofStoredName("graduated"))
                .hasMessage("unknown curve status 'graduated'; known: created, trading, complete, migrated");
    }

    private static SolanaEventRow withData(SolanaEventRow e, byte[] data) {
        return new SolanaEventRow(e.signature(), e.eventIndex(), e.slot(), e.txIndex(), e.blockTime(), e.program(), e.programName(),
                e.kind(), e.commitment(), e.mint(), e.trade(), data);
    }
}
