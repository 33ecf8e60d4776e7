package io.chainwatch.solana;

/** The state of a program-owned account, decoded from its data. */
public interface ProgramAccount extends IdlRecord {
}
