package io.chainwatch.solana.pump.amm;

import io.chainwatch.solana.ProgramEvent;

/** An event of the PumpSwap program. */
public sealed interface PumpAmmEvent extends ProgramEvent permits BuyEvent, SellEvent, CreatePoolEvent {
}
