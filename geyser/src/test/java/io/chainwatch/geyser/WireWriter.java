package io.chainwatch.geyser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A protobuf encoder written from the wire-format specification alone (tags, varints, fixed64,
 * length-delimited), with no use of protobuf-java. Tests build messages with it field number by
 * field number, as a foreign server would put them on the wire, so the generated classes are
 * checked against numbers and wire types written down independently of our .proto files.
 *
 * <p>Not thread-safe; one per message being built.
 */
final class WireWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static WireWriter message() {
        return new WireWriter();
    }

    /** int32 (non-negative here), int64, uint32, uint64, bool and enum fields. */
    WireWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    WireWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    WireWriter float64(int field, double value) {
        tag(field, FIXED64);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    WireWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    WireWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    WireWriter message(int field, WireWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    /** A packed repeated varint field (proto3's default for repeated scalars). */
    WireWriter packedVarints(int field, long... values) {
        WireWriter body = new WireWriter();
        for (long value : values) {
            body.rawVarint(value);
        }
        return bytes(field, body.toByteArray());
    }

    /** One entry of a map field: a nested message with the key as field 1 and the value as field 2. */
    WireWriter mapEntry(int field, String key, WireWriter value) {
        return message(field, message().string(1, key).message(2, value));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }
}
