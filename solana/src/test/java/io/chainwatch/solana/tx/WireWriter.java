package io.chainwatch.solana.tx;

import io.chainwatch.solana.PublicKey;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes transactions in Solana's wire format, independently of {@link TransactionWireReader}: the
 * tests' encoder, written from the format's description (signatures, then a legacy or v0 message;
 * compact-u16 lengths).
 */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** One instruction as indexes: what a message holds. */
    record Ix(int programIdIndex, int[] accounts, byte[] data) {
    }

    /** One address-table lookup. */
    record Lookup(PublicKey table, int[] writable, int[] readonly) {
    }

    static byte[] transaction(List<byte[]> signatures, boolean v0, int[] header, List<PublicKey> keys, PublicKey blockhash,
                              List<Ix> instructions, List<Lookup> lookups) {
        WireWriter w = new WireWriter();
        w.compactU16(signatures.size());
        signatures.forEach(w::bytes);
        if (v0) {
            w.u8(0x80);
        }
        for (int h : header) {
            w.u8(h);
        }
        w.compactU16(keys.size());
        keys.forEach(k -> w.bytes(k.toBytes()));
        w.bytes(blockhash.toBytes());
        w.compactU16(instructions.size());
        for (Ix ix : instructions) {
            w.u8(ix.programIdIndex());
            w.u8s(ix.accounts());
            w.compactU16(ix.data().length);
            w.bytes(ix.data());
        }
        if (v0) {
            w.compactU16(lookups.size());
            for (Lookup l : lookups) {
                w.bytes(l.table().toBytes());
                w.u8s(l.writable());
                w.u8s(l.readonly());
            }
        }
        return w.out.toByteArray();
    }

    /** 7 bits a byte, low first; the top bit says more follow. */
    static byte[] compactU16Bytes(int value) {
        WireWriter w = new WireWriter();
        w.compactU16(value);
        return w.out.toByteArray();
    }

    private void compactU16(int value) {
        int v = value;
        while (v >= 0x80) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private void u8(int v) {
        out.write(v);
    }

    private void u8s(int[] values) {
        compactU16(values.length);
        for (int v : values) {
            out.write(v);
        }
    }

    private void bytes(byte[] b) {
        out.write(b, 0, b.length);
    }
}
