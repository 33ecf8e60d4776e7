package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Hash32;
import java.nio.charset.StandardCharsets;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding {@code 0x01}, not SHA3-256's
 * {@code 0x06}, which is why the JDK's SHA3-256 does not fit). Stateless; safe from any thread.
 */
public final class Keccak256 {
    private static final int RATE_BYTES = 136;
    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
        0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
        0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };
    private static final int[] ROTATIONS = {
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    };
    private static final int[] PI_LANES = {
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    };

    private Keccak256() {
    }

    /** keccak256 of the UTF-8 bytes of {@code text}, e.g. an event signature. */
    public static Hash32 ofText(String text) {
        byte[] d = digest(text.getBytes(StandardCharsets.UTF_8));
        return new Hash32(word(d, 0), word(d, 8), word(d, 16), word(d, 24));
    }

    public static byte[] digest(byte[] input) {
        long[] state = new long[25];
        int offset = 0;
        for (; input.length - offset >= RATE_BYTES; offset += RATE_BYTES) {
            absorb(state, input, offset, RATE_BYTES);
            permute(state);
        }
        byte[] last = new byte[RATE_BYTES];
        int rest = input.length - offset;
        System.arraycopy(input, offset, last, 0, rest);
        last[rest] ^= 0x01;
        last[RATE_BYTES - 1] ^= (byte) 0x80;
        absorb(state, last, 0, RATE_BYTES);
        permute(state);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (state[i / 8] >>> (8 * (i % 8)));
        }
        return out;
    }

    private static void absorb(long[] state, byte[] in, int offset, int length) {
        for (int i = 0; i < length; i++) {
            state[i / 8] ^= (in[offset + i] & 0xFFL) << (8 * (i % 8));
        }
    }

    private static void permute(long[] st) {
        long[] bc = new long[5];
        for (long roundConstant : ROUND_CONSTANTS) {
            for (int i = 0; i < 5; i++) {
                bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
            }
            for (int i = 0; i < 5; i++) {
                long t = bc[(i + 4) % 5] ^ Long.rotateLeft(bc[(i + 1) % 5], 1);
                for (int j = 0; j < 25; j += 5) {
                    st[j + i] ^= t;
                }
            }
            long t = st[1];
            for (int i = 0; i < 24; i++) {
                int j = PI_LANES[i];
                long next = st[j];
                st[j] = Long.rotateLeft(t, ROTATIONS[i]);
                t = next;
            }
            for (int j = 0; j < 25; j += 5) {
                for (int i = 0; i < 5; i++) {
                    bc[i] = st[j + i];
                }
                for (int i = 0; i < 5; i++) {
                    st[j + i] ^= ~bc[(i + 1) % 5] & bc[(i + 2) % 5];
                }
            }
            st[0] ^= roundConstant;
        }
    }

    private static long word(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (b[i] & 0xFFL);
        }
        return v;
    }
}
