package io.chainwatch.sim.solana.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps once what many transactions' instructions repeat: their account index lists (every buy
 * names its accounts in the same order), short constant data (compute budget, fee query, token
 * account set-up), and the whole instructions made only of such parts. The simulator keeps
 * hundreds of thousands of transactions (history, and slots made ahead), and each repeated part is
 * an object the collector would otherwise copy and mark again and again.
 *
 * <p>Bounded: past {@link #MAX_ENTRIES} parts it forgets all and starts again (what was handed out
 * stays valid; it is immutable). Owned by the simulator thread; not thread-safe.
 */
final class SharedInstructions {
    /** Data this short is a constant (a discriminator, a compute budget, a tag) or nearly one. */
    static final int MAX_SHARED_DATA_BYTES = 9;
    private static final int MAX_ENTRIES = 1 << 16;

    /** A byte array compared by content. */
    private record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    private final Map<Bytes, byte[]> arrays = new HashMap<>();
    /** Instructions whose arrays both came from {@link #arrays}: equal records are equal instructions. */
    private final Map<CompiledIx, CompiledIx> instructions = new HashMap<>();

    /** The instruction, or an equal one handed out before. */
    CompiledIx instruction(int programIdIndex, byte[] accounts, byte[] data, int stackHeight) {
        byte[] sharedAccounts = array(accounts);
        if (data.length > MAX_SHARED_DATA_BYTES) {
            return new CompiledIx(programIdIndex, sharedAccounts, data, stackHeight);
        }
        if (instructions.size() >= MAX_ENTRIES) {
            instructions.clear();
        }
        return instructions.computeIfAbsent(new CompiledIx(programIdIndex, sharedAccounts, array(data), stackHeight), ix -> ix);
    }

    private byte[] array(byte[] a) {
        if (arrays.size() >= MAX_ENTRIES) {
            arrays.clear();
            instructions.clear(); // their arrays are no longer the ones handed out
        }
        return arrays.computeIfAbsent(new Bytes(a), Bytes::value);
    }
}
