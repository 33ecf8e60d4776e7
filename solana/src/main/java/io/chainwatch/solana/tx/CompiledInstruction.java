package io.chainwatch.solana.tx;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A top-level instruction of a transaction message: indexes into the transaction's account keys
 * ({@link SolanaTransaction#accountKeys()}) and the instruction data. Immutable: the data is copied in
 * and out.
 *
 * @param programIdIndex index of the invoked program's key
 * @param accounts       indexes of the accounts passed, in order
 */
public record CompiledInstruction(int programIdIndex, List<Integer> accounts, byte[] data) {
    public CompiledInstruction {
        accounts = List.copyOf(accounts);
        data = data.clone();
    }

    /** A copy of the instruction data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledInstruction other && programIdIndex == other.programIdIndex
                && accounts.equals(other.accounts) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * programIdIndex + accounts.hashCode()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CompiledInstruction[programIdIndex=" + programIdIndex + ", accounts=" + accounts + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
