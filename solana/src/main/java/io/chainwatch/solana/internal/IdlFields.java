package io.chainwatch.solana.internal;

import io.chainwatch.solana.IdlFieldSink;
import io.chainwatch.solana.IdlStruct;
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
 * keeping only the first {@code present} fields (the ones the bytes held). Not on any hot path: the
 * store's JSON is written without this map ({@link io.chainwatch.solana.IdlJsonWriter}).
 */
public final class IdlFields implements IdlFieldSink {
    private final Map<String, Object> map = new LinkedHashMap<>();
    private final int present;

    private IdlFields(int present) {
        this.present = present;
    }

    /**
     * The view of the first {@code present} fields that {@code fields} puts (a record's present fields,
     * or {@link Integer#MAX_VALUE} for all of a struct's). Takes the filler, not the record, so this
     * internal class needs nothing of the public types that use it.
     */
    public static Map<String, Object> of(int present, java.util.function.Consumer<IdlFieldSink> fields) {
        IdlFields f = new IdlFields(present);
        fields.accept(f);
        return f.build();
    }

    @Override
    public IdlFields u64(String name, long unsigned) {
        return put(name, unsigned(unsigned));
    }

    @Override
    public IdlFields i64(String name, long value) {
        return put(name, value);
    }

    @Override
    public IdlFields u8(String name, int value) {
        return put(name, (long) value);
    }

    @Override
    public IdlFields u16(String name, int value) {
        return put(name, (long) value);
    }

    @Override
    public IdlFields i128(String name, Int128 value) {
        return full() ? this : put(name, value.fitsLong() ? (Object) value.lo() : value.toBigInteger());
    }

    @Override
    public IdlFields bool(String name, boolean value) {
        return put(name, value);
    }

    @Override
    public IdlFields string(String name, String value) {
        return put(name, value);
    }

    @Override
    public IdlFields pubkey(String name, PublicKey key) {
        return full() ? this : put(name, key.toBase58());
    }

    @Override
    public IdlFields pubkeys(String name, List<PublicKey> keys) {
        if (full()) {
            return this;
        }
        List<String> out = new ArrayList<>(keys.size());
        for (PublicKey k : keys) {
            out.add(k.toBase58());
        }
        return put(name, Collections.unmodifiableList(out));
    }

    @Override
    public IdlFields structs(String name, List<? extends IdlStruct> values) {
        if (full()) {
            return this;
        }
        List<Map<String, Object>> out = new ArrayList<>(values.size());
        for (IdlStruct s : values) {
            out.add(of(Integer.MAX_VALUE, s::putFields));
        }
        return put(name, Collections.unmodifiableList(out));
    }

    private Map<String, Object> build() {
        return Collections.unmodifiableMap(map);
    }

    /** A u64 as a Long when it fits one, else as the exact BigInteger. */
    public static Object unsigned(long u64) {
        return u64 >= 0 ? (Object) u64 : BorshReader.unsigned(u64);
    }

    /** True when the fields the bytes held are all in: the rest may be null, and are not looked at. */
    private boolean full() {
        return map.size() >= present;
    }

    private IdlFields put(String name, Object value) {
        if (!full()) {
            map.put(name, value);
        }
        return this;
    }
}
