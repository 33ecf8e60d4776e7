package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.sim.evm.SimLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 2048-bit logs bloom of a block, computed like geth's {@code bloom9}: for the address and each
 * topic, three 11-bit indexes from the first six bytes of its keccak256.
 *
 * <p>Owned by the simulator thread; not thread-safe. Addresses and topics repeat (pairs, traders,
 * signatures), so their bit indexes are cached; the cache is cleared when it grows past a bound.
 */
public final class LogsBloom {
    private static final int CACHE_LIMIT = 100_000;
    private final Map<Object, Long> bitsByValue = new HashMap<>();

    public String of(List<SimLog> logs) {
        byte[] bloom = new byte[256];
        for (SimLog log : logs) {
            set(bloom, bits(log.address()));
            for (Hash32 topic : log.topics()) {
                set(bloom, bits(topic));
            }
        }
        return Hex.encode(bloom);
    }

    /** True when {@code value} (an Address or Hash32) may be among the logs of {@code bloomHex}. */
    public static boolean mayContain(String bloomHex, Object value) {
        byte[] bloom = Hex.decode(bloomHex);
        long packed = packedBits(value);
        for (int k = 0; k < 3; k++) {
            int bit = (int) (packed >>> (16 * k)) & 0x7FF;
            if ((bloom[255 - bit / 8] & (1 << (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }

    private long bits(Object value) {
        Long cached = bitsByValue.get(value);
        if (cached != null) {
            return cached;
        }
        if (bitsByValue.size() >= CACHE_LIMIT) {
            bitsByValue.clear();
        }
        long packed = packedBits(value);
        bitsByValue.put(value, packed);
        return packed;
    }

    private static void set(byte[] bloom, long packed) {
        for (int k = 0; k < 3; k++) {
            int bit = (int) (packed >>> (16 * k)) & 0x7FF;
            bloom[255 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }

    private static long packedBits(Object value) {
        byte[] h = Keccak256.digest(bytes(value));
        long packed = 0;
        for (int k = 0; k < 3; k++) {
            int bit = (((h[2 * k] & 0xFF) << 8) | (h[2 * k + 1] & 0xFF)) & 0x7FF;
            packed |= (long) bit << (16 * k);
        }
        return packed;
    }

    static byte[] bytes(Object value) {
        return switch (value) {
            case Address a -> {
                byte[] b = new byte[20];
                putInt(b, 0, a.hi());
                putLong(b, 4, a.mid());
                putLong(b, 12, a.lo());
                yield b;
            }
            case Hash32 h -> {
                byte[] b = new byte[32];
                putLong(b, 0, h.w0());
                putLong(b, 8, h.w1());
                putLong(b, 16, h.w2());
                putLong(b, 24, h.w3());
                yield b;
            }
            default -> throw new IllegalArgumentException("bloom takes an Address or a Hash32, got " + value.getClass());
        };
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
