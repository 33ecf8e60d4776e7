package io.chainwatch.solana.pump;

import io.chainwatch.solana.PublicKey;

/** The pump.fun bonding-curve program. */
public final class PumpProgram {
    /** The IDL's program name. */
    public static final String NAME = "pump";
    public static final PublicKey ID = PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
    /** The fee program pump calls for its fees; it emits no events of ours. */
    public static final PublicKey FEE_PROGRAM_ID = PublicKey.fromBase58("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");

    private PumpProgram() {
    }
}
