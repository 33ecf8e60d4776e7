package io.chainwatch.solana.pump;

import io.chainwatch.solana.ProgramEvent;

/** An event of the pump program. */
public sealed interface PumpEvent extends ProgramEvent permits CreateEvent, TradeEvent, CompleteEvent, CompletePumpAmmMigrationEvent {
}
