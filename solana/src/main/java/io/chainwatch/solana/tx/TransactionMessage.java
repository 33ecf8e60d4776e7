package io.chainwatch.solana.tx;

import io.chainwatch.solana.PublicKey;

import java.util.List;

/**
 * The signed part of a transaction, legacy or v0.
 *
 * @param requiredSignatures   the header's {@code numRequiredSignatures}: the first keys sign
 * @param readonlySigned       the header's {@code numReadonlySignedAccounts}
 * @param readonlyUnsigned     the header's {@code numReadonlyUnsignedAccounts}
 * @param staticAccountKeys    the keys the message lists itself; a v0 message loads more through
 *                             {@code addressTableLookups}
 * @param recentBlockhash      32 bytes, held as a key (same base58 text form)
 * @param addressTableLookups  empty for legacy messages
 */
public record TransactionMessage(
        TransactionVersion version,
        int requiredSignatures,
        int readonlySigned,
        int readonlyUnsigned,
        List<PublicKey> staticAccountKeys,
        PublicKey recentBlockhash,
        List<CompiledInstruction> instructions,
        List<AddressTableLookup> addressTableLookups) {
    public TransactionMessage {
        staticAccountKeys = List.copyOf(staticAccountKeys);
        instructions = List.copyOf(instructions);
        addressTableLookups = List.copyOf(addressTableLookups);
    }

    /** How many addresses the lookups load: the length {@code meta.loadedAddresses} must have. */
    public int loadedAddressCount() {
        int n = 0;
        for (AddressTableLookup l : addressTableLookups) {
            n += l.writableIndexes().size() + l.readonlyIndexes().size();
        }
        return n;
    }

    /**
     * Checks that every index an instruction holds names a static or a looked-up key.
     *
     * @throws TransactionFormatException naming {@code where} and the instruction
     */
    void checkIndexes(String where) throws TransactionFormatException {
        int keys = staticAccountKeys.size() + loadedAddressCount();
        for (int i = 0; i < instructions.size(); i++) {
            CompiledInstruction ix = instructions.get(i);
            if (ix.programIdIndex() >= keys) {
                throw new TransactionFormatException(where, "instruction " + i + " program id index " + ix.programIdIndex()
                        + " is outside the message's " + keys + " account keys");
            }
            for (int a : ix.accounts()) {
                if (a >= keys) {
                    throw new TransactionFormatException(where, "instruction " + i + " account index " + a
                            + " is outside the message's " + keys + " account keys");
                }
            }
        }
    }
}
