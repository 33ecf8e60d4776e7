package io.chainwatch.solana.pump;

import io.chainwatch.solana.ProgramAddress;
import io.chainwatch.solana.PublicKey;

import java.nio.charset.StandardCharsets;

/** The pump.fun bonding-curve program. */
public final class PumpProgram {
    /** The IDL's program name. */
    public static final String NAME = "pump";
    public static final PublicKey ID = PublicKey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
    /** The fee program pump calls for its fees; it emits no events of ours. */
    public static final PublicKey FEE_PROGRAM_ID = PublicKey.fromBase58("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");

    /** pump's one Global account (the program's address for the seed "global"). */
    public static final PublicKey GLOBAL = ProgramAddress.find(ID, bytes("global"));
    /** The first byte of {@code complete} in a BondingCurve account: after the discriminator and five u64 fields, in every layout. */
    public static final int BONDING_CURVE_COMPLETE_OFFSET = 48;

    private PumpProgram() {
    }

    /** The BondingCurve account of {@code mint}: the program's address for the seeds "bonding-curve" and the mint. */
    public static PublicKey bondingCurve(PublicKey mint) {
        return ProgramAddress.find(ID, bytes("bonding-curve"), mint.toBytes());
    }

    private static byte[] bytes(String seed) {
        return seed.getBytes(StandardCharsets.US_ASCII);
    }
}
