package io.chainwatch.solana.internal;

import io.chainwatch.solana.Int128;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code fields()} view of a decoded record: IDL names to JSON-ready values, in IDL order,
 * keeping only the first {@code present} fields (the ones the bytes held). Not on any hot path.
 */
public final class IdlFields {
    private final Map<String, Object> map = new LinkedHashMap<>();
    private final int present;

    private IdlFields(int present) {
        this.present = present;
    }

    /** A builder that keeps the first {@code present} fields put into it and ignores the rest. */
    public static IdlFields first(int present) {
        return new IdlFields(present);
    }

    public IdlFields u64(String name, long unsigned) {
        return put(name, unsigned(unsigned));
    }

    public IdlFields i64(String name, long value) {
        return put(name, value);
    }

    public IdlFields u8(String name, int value) {
        return put(name, (long) value);
    }

    public IdlFields u16(String name, int value) {
        return put(name, (long) value);
    }

    public IdlFields bool(String name, boolean value) {
        return put(name, value);
    }

    public IdlFields pubkey(String name, PublicKey key) {
        return put(name, key.toBase58());
    }

    public IdlFields pubkeys(String name, List<PublicKey> keys) {
        List<String> out = new ArrayList<>(keys.size());
        for (PublicKey k : keys) {
            out.add(k.toBase58());
        }
        return put(name, Collections.unmodifiableList(out));
    }

    public IdlFields string(String name, String value) {
        return put(name, value);
    }

    public IdlFields i128(String name, Int128 value) {
        return put(name, value.fitsLong() ? (Object) value.lo() : value.toBigInteger());
    }

    /** A struct or a list of structs, already in their JSON-ready form. */
    public IdlFields value(String name, Object jsonReady) {
        return put(name, jsonReady);
    }

    public Map<String, Object> build() {
        return Collections.unmodifiableMap(map);
    }

    /** A u64 as a Long when it fits one, else as the exact BigInteger. */
    public static Object unsigned(long u64) {
        return u64 >= 0 ? (Object) u64 : BorshReader.unsigned(u64);
    }

    private IdlFields put(String name, Object value) {
        if (map.size() < present) {
            map.put(name, value);
        }
        return this;
    }
}
