package io.chainwatch.solana;

import java.util.Map;

/**
 * A decoded account or event of an Anchor program, viewable by the names its IDL gives: the form
 * {@code chainwatch decode} prints, so that anyone can compare it with their own decoding.
 */
public interface IdlRecord {
    /** The IDL's program name: {@code "pump"}, {@code "pump_amm"}. */
    String programName();

    /** The IDL's type name: {@code "TradeEvent"}, {@code "BondingCurve"}. */
    String typeName();

    /**
     * IDL field names (snake_case) to values, in IDL order, for the fields the bytes held (a layout
     * older than the IDL stops early). Values: integers as {@link Long} when they fit one, else
     * {@link java.math.BigInteger} (so a u64 above {@code Long.MAX_VALUE} is exact); public keys as
     * base58 strings; booleans; strings; fixed arrays and vectors as lists; structs as maps.
     */
    Map<String, Object> fields();
}
