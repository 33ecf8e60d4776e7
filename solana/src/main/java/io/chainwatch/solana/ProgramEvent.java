package io.chainwatch.solana;

/** An event a program emitted, from a {@code Program data:} log line or a self-CPI instruction. */
public interface ProgramEvent extends IdlRecord {
}
