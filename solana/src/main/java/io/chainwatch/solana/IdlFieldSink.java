package io.chainwatch.solana;

import java.util.List;

/**
 * Takes a decoded record's fields by their IDL names (snake_case) and types, in IDL order, as
 * {@link IdlRecord#putFields} puts them. What a sink makes of them is its own: a map
 * ({@link IdlRecord#fields()}) or JSON text ({@link IdlJsonWriter}). A sink keeps only the record's
 * first {@link IdlRecord#fieldsPresent()} fields, the ones its bytes held, and ignores the rest,
 * whose values may be null. Each method returns the sink, so that a record puts its fields in one
 * chain.
 */
public interface IdlFieldSink {
    /** A {@code u64}, held in a long: above {@link Long#MAX_VALUE} it is negative. */
    IdlFieldSink u64(String name, long unsigned);

    IdlFieldSink i64(String name, long value);

    IdlFieldSink u8(String name, int value);

    IdlFieldSink u16(String name, int value);

    IdlFieldSink i128(String name, Int128 value);

    IdlFieldSink bool(String name, boolean value);

    IdlFieldSink string(String name, String value);

    IdlFieldSink pubkey(String name, PublicKey key);

    /** A fixed array or vector of public keys. */
    IdlFieldSink pubkeys(String name, List<PublicKey> keys);

    /** A vector of structs, each with all its fields. */
    IdlFieldSink structs(String name, List<? extends IdlStruct> values);
}
