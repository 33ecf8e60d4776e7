package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.ProgramAccount;

/** An account the PumpSwap program owns. */
public sealed interface PumpAmmAccount extends ProgramAccount permits Pool, GlobalConfig {
}
