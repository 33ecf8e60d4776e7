package io.chainwatch.solana.tx;

import io.chainwatch.solana.PublicKey;

import java.util.List;

/**
 * A v0 message's use of an address lookup table: which of the table's entries it loads, writable ones
 * and read-only ones. The node resolves them into {@code meta.loadedAddresses}.
 */
public record AddressTableLookup(PublicKey tableAccount, List<Integer> writableIndexes, List<Integer> readonlyIndexes) {
    public AddressTableLookup {
        writableIndexes = List.copyOf(writableIndexes);
        readonlyIndexes = List.copyOf(readonlyIndexes);
    }
}
