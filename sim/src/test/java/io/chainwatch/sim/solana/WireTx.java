package io.chainwatch.sim.solana;

import io.chainwatch.solana.Base58;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of Solana's transaction wire format for tests, written from the format (compact-u16
 * counts, 64-byte signatures, the legacy or v0 message), independent of the simulator's writer.
 * Keys and signatures come out in base58 through the solana module's Base58.
 */
record WireTx(List<String> signatures, int version, int numRequiredSignatures, int numReadonlySigned, int numReadonlyUnsigned,
        List<String> accountKeys, String recentBlockhash, List<Ix> instructions) {

    record Ix(int programIdIndex, int[] accounts, byte[] data) {
    }

    static WireTx parse(byte[] b) {
        int[] at = {0};
        int sigCount = shortVec(b, at);
        List<String> sigs = new ArrayList<>();
        for (int i = 0; i < sigCount; i++) {
            sigs.add(Base58.encode(b, at[0], 64));
            at[0] += 64;
        }
        int version = -1;
        if ((b[at[0]] & 0x80) != 0) {
            version = b[at[0]] & 0x7F;
            at[0]++;
        }
        int required = b[at[0]++] & 0xFF;
        int readonlySigned = b[at[0]++] & 0xFF;
        int readonlyUnsigned = b[at[0]++] & 0xFF;
        int keyCount = shortVec(b, at);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            keys.add(Base58.encode(b, at[0], 32));
            at[0] += 32;
        }
        String blockhash = Base58.encode(b, at[0], 32);
        at[0] += 32;
        int ixCount = shortVec(b, at);
        List<Ix> ixs = new ArrayList<>();
        for (int i = 0; i < ixCount; i++) {
            int program = b[at[0]++] & 0xFF;
            int n = shortVec(b, at);
            int[] accounts = new int[n];
            for (int j = 0; j < n; j++) {
                accounts[j] = b[at[0]++] & 0xFF;
            }
            int len = shortVec(b, at);
            byte[] data = java.util.Arrays.copyOfRange(b, at[0], at[0] + len);
            at[0] += len;
            ixs.add(new Ix(program, accounts, data));
        }
        if (version >= 0) {
            int lookups = shortVec(b, at);
            if (lookups != 0) {
                throw new AssertionError("the simulator writes no address table lookups, got " + lookups);
            }
        }
        if (at[0] != b.length) {
            throw new AssertionError("trailing bytes: read " + at[0] + " of " + b.length);
        }
        return new WireTx(sigs, version, required, readonlySigned, readonlyUnsigned, keys, blockhash, ixs);
    }

    private static int shortVec(byte[] b, int[] at) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[at[0]++] & 0xFF;
            value |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
    }
}
