package io.chainwatch.solana;

import io.chainwatch.solana.internal.IdlFields;

import java.util.Map;

/**
 * A decoded account or event of an Anchor program, viewable by the names its IDL gives: the form
 * {@code chainwatch decode} prints and the store keeps, so that anyone can compare it with their own
 * decoding.
 */
public interface IdlRecord {
    /** The IDL's program name: {@code "pump"}, {@code "pump_amm"}. */
    String programName();

    /** The IDL's type name: {@code "TradeEvent"}, {@code "BondingCurve"}. */
    String typeName();

    /** How many of the IDL's fields, from the first, the bytes held (a layout older than the IDL stops early). */
    int fieldsPresent();

    /**
     * Puts every IDL field into {@code out}, in IDL order; the sink keeps the first
     * {@link #fieldsPresent()}. The one list of the record's names and types: {@link #fields()} and
     * {@link IdlJsonWriter} both read it.
     */
    void putFields(IdlFieldSink out);

    /**
     * IDL field names (snake_case) to values, in IDL order, for the fields the bytes held. Values:
     * integers as {@link Long} when they fit one, else {@link java.math.BigInteger} (so a u64 above
     * {@code Long.MAX_VALUE} is exact); public keys as base58 strings; booleans; strings; fixed arrays
     * and vectors as lists; structs as maps. Jackson writes this map as exactly the text
     * {@link IdlJsonWriter} writes without it.
     */
    default Map<String, Object> fields() {
        return IdlFields.of(fieldsPresent(), this::putFields);
    }
}
