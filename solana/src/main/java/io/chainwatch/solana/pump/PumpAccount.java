package io.chainwatch.solana.pump;

import io.chainwatch.solana.ProgramAccount;

/** An account the pump program owns. */
public sealed interface PumpAccount extends ProgramAccount permits BondingCurve, Global {
}
