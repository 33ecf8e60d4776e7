package io.chainwatch.solana.tx;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An instruction a program invoked while the transaction ran (a cross-program invocation), as
 * {@code meta.innerInstructions} records it. Immutable: the data is copied in and out.
 *
 * @param instructionIndex the top-level instruction it ran under (0-based)
 * @param innerIndex       its place among that instruction's inner instructions, in execution order
 *                         (0-based): with the signature and {@code instructionIndex}, a natural key
 * @param programIdIndex   index of the invoked program in {@link SolanaTransaction#accountKeys()}
 * @param accounts         indexes of the accounts passed
 * @param stackHeight      invocation depth (2 for a call from a top-level instruction), or 0 when the
 *                         node did not say (older answers)
 */
public record InnerInstruction(int instructionIndex, int innerIndex, int programIdIndex, List<Integer> accounts, byte[] data, int stackHeight) {
    public InnerInstruction {
        accounts = List.copyOf(accounts);
        data = data.clone();
    }

    /** A copy of the instruction data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data's length, without a copy. */
    public int dataLength() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InnerInstruction other && instructionIndex == other.instructionIndex && innerIndex == other.innerIndex
                && programIdIndex == other.programIdIndex && stackHeight == other.stackHeight
                && accounts.equals(other.accounts) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = instructionIndex;
        h = 31 * h + innerIndex;
        h = 31 * h + programIdIndex;
        h = 31 * h + stackHeight;
        h = 31 * h + accounts.hashCode();
        return 31 * h + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "InnerInstruction[instructionIndex=" + instructionIndex + ", innerIndex=" + innerIndex + ", programIdIndex=" + programIdIndex
                + ", accounts=" + accounts + ", data=" + HexFormat.of().formatHex(data) + ", stackHeight=" + stackHeight + "]";
    }
}
