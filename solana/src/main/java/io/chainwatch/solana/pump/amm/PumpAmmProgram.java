package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.PublicKey;

/** PumpSwap, the AMM that completed pump curves migrate to. */
public final class PumpAmmProgram {
    /** The IDL's program name. */
    public static final String NAME = "pump_amm";
    public static final PublicKey ID = PublicKey.fromBase58("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA");

    private PumpAmmProgram() {
    }
}
