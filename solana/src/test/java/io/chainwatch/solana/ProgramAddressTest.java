package io.chainwatch.solana;

import io.chainwatch.solana.pump.PumpProgram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Program derived addresses against real mainnet accounts: the buy transaction of the fixtures
 * (../shared/fixtures/solana/pump/buy-tx-logs.json) passes pump's Global account and the bought
 * mint's BondingCurve as its first and fourth instruction accounts.
 */
class ProgramAddressTest {
    @Test
    void pumpsGlobalAccountIsTheProgramsAddressForGlobal() {
        assertThat(PumpProgram.GLOBAL.toBase58()).isEqualTo("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf");
    }

    @Test
    void aMintsBondingCurveIsDerivedFromTheMint() {
        PublicKey mint = PublicKey.fromBase58("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
        assertThat(PumpProgram.bondingCurve(mint).toBase58()).isEqualTo("8DZu2LNtTKph9iShWpWdFjHPFAqGkrafpSUyaFZrd6ip");
    }

    @Test
    void realAccountKeysAreOnTheCurveAndDerivedOnesAreNot() {
        // Wallets and programs are ed25519 public keys; a derived address never is.
        assertThat(ProgramAddress.isOnCurve(PublicKey.fromBase58("DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX").toBytes())).isTrue();
        assertThat(ProgramAddress.isOnCurve(PumpProgram.ID.toBytes())).isTrue();
        assertThat(ProgramAddress.isOnCurve(PumpProgram.GLOBAL.toBytes())).isFalse();
        assertThat(ProgramAddress.isOnCurve(PublicKey.fromBase58("8DZu2LNtTKph9iShWpWdFjHPFAqGkrafpSUyaFZrd6ip").toBytes())).isFalse();
    }
}
