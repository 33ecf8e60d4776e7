package io.chainwatch.solana.tx;

import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a transaction from its binary (wire) form, as {@code base64} and {@code base58} encodings of
 * {@code getBlock} and {@code getTransaction} carry it: a compact-u16 count of 64-byte signatures,
 * then the message. A message whose first byte has the top bit set is versioned (the low 7 bits are
 * the version; only v0 exists), otherwise it is legacy and that byte is the header's first.
 *
 * <pre>
 * message:     [version byte, v0 only] header (3 u8) | keys: compact-u16 n, n x 32 bytes | recent blockhash (32)
 *              | instructions: compact-u16 n, n x instruction | [v0 only] lookups: compact-u16 n, n x lookup
 * instruction: program id index (u8) | compact-u16 n, n account indexes (u8) | compact-u16 n, n data bytes
 * lookup:      table key (32) | compact-u16 n, n writable indexes (u8) | compact-u16 n, n read-only indexes (u8)
 * </pre>
 *
 * <p>compact-u16 ("short vec" length) is 1 to 3 bytes of 7 bits each, low bits first, the top bit
 * saying another byte follows; like Solana, it refuses values above 65535 and encodings with a
 * needless zero byte. Trailing bytes after the message are refused too. Stateless; thread-safe.
 */
public final class TransactionWireReader {
    private static final int SIGNATURE_BYTES = 64;

    private TransactionWireReader() {
    }

    /** @throws TransactionFormatException naming the byte offset where the bytes stop making sense */
    public static WireTransaction read(byte[] bytes) throws TransactionFormatException {
        return read(bytes, "transaction");
    }

    /**
     * As {@link #read(byte[])}, with {@code where} (a JSON path, say) before the byte offset in errors.
     *
     * @throws TransactionFormatException naming {@code where} and the byte offset
     */
    public static WireTransaction read(byte[] bytes, String where) throws TransactionFormatException {
        Cursor c = new Cursor(bytes, where);
        int signatureCount = c.compactU16("signature count");
        List<String> signatures = new ArrayList<>(signatureCount);
        for (int i = 0; i < signatureCount; i++) {
            c.need(SIGNATURE_BYTES, "signature " + i);
            signatures.add(Base58.encode(bytes, c.pos, SIGNATURE_BYTES));
            c.pos += SIGNATURE_BYTES;
        }
        TransactionMessage message = message(c);
        if (c.pos != bytes.length) {
            throw c.error(bytes.length - c.pos + " bytes after the end of the message");
        }
        if (signatures.size() != message.requiredSignatures()) {
            throw new TransactionFormatException(where, signatures.size() + " signatures for a message that requires "
                    + message.requiredSignatures());
        }
        return new WireTransaction(signatures, message);
    }

    private static TransactionMessage message(Cursor c) throws TransactionFormatException {
        TransactionVersion version = TransactionVersion.LEGACY;
        int first = c.peekU8("message header");
        if ((first & 0x80) != 0) {
            int v = first & 0x7F;
            if (v != 0) {
                throw c.error("message version " + v + " is not supported (legacy and v0 are)");
            }
            c.pos++;
            version = TransactionVersion.V0;
        }
        int requiredSignatures = c.u8("numRequiredSignatures");
        int readonlySigned = c.u8("numReadonlySignedAccounts");
        int readonlyUnsigned = c.u8("numReadonlyUnsignedAccounts");
        int keyCount = c.compactU16("account key count");
        List<PublicKey> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(c.key("account key " + i));
        }
        if (requiredSignatures > keyCount || readonlySigned > requiredSignatures || readonlyUnsigned > keyCount - requiredSignatures) {
            throw new TransactionFormatException(c.where, "header (" + requiredSignatures + ", " + readonlySigned + ", " + readonlyUnsigned
                    + ") does not fit " + keyCount + " account keys");
        }
        PublicKey recentBlockhash = c.key("recent blockhash");
        int instructionCount = c.compactU16("instruction count");
        List<CompiledInstruction> instructions = new ArrayList<>(instructionCount);
        for (int i = 0; i < instructionCount; i++) {
            int programIdIndex = c.u8("instruction " + i + " program id index");
            List<Integer> accounts = c.u8List("instruction " + i + " accounts");
            int dataLength = c.compactU16("instruction " + i + " data length");
            c.need(dataLength, "instruction " + i + " data");
            byte[] data = new byte[dataLength];
            System.arraycopy(c.bytes, c.pos, data, 0, dataLength);
            c.pos += dataLength;
            instructions.add(new CompiledInstruction(programIdIndex, accounts, data));
        }
        List<AddressTableLookup> lookups = new ArrayList<>();
        if (version == TransactionVersion.V0) {
            int lookupCount = c.compactU16("address table lookup count");
            for (int i = 0; i < lookupCount; i++) {
                PublicKey table = c.key("address table lookup " + i + " account");
                lookups.add(new AddressTableLookup(table, c.u8List("address table lookup " + i + " writable indexes"),
                        c.u8List("address table lookup " + i + " readonly indexes")));
            }
        }
        TransactionMessage message = new TransactionMessage(version, requiredSignatures, readonlySigned, readonlyUnsigned, keys,
                recentBlockhash, instructions, lookups);
        message.checkIndexes(c.where);
        return message;
    }

    /** The read position over the bytes; one per read call. */
    private static final class Cursor {
        final byte[] bytes;
        final String where;
        int pos;

        Cursor(byte[] bytes, String where) {
            this.bytes = bytes;
            this.where = where;
        }

        TransactionFormatException error(String problem) {
            return new TransactionFormatException(where + " at byte " + pos, problem);
        }

        void need(int n, String what) throws TransactionFormatException {
            if (n > bytes.length - pos) {
                throw error(what + ": needs " + n + " bytes, " + (bytes.length - pos) + " left of " + bytes.length);
            }
        }

        int peekU8(String what) throws TransactionFormatException {
            need(1, what);
            return bytes[pos] & 0xFF;
        }

        int u8(String what) throws TransactionFormatException {
            need(1, what);
            return bytes[pos++] & 0xFF;
        }

        PublicKey key(String what) throws TransactionFormatException {
            need(PublicKey.BYTES, what);
            PublicKey key = PublicKey.read(bytes, pos);
            pos += PublicKey.BYTES;
            return key;
        }

        List<Integer> u8List(String what) throws TransactionFormatException {
            int n = compactU16(what + " count");
            need(n, what);
            List<Integer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(bytes[pos++] & 0xFF);
            }
            return out;
        }

        int compactU16(String what) throws TransactionFormatException {
            int start = pos;
            int value = 0;
            for (int i = 0; i < 3; i++) {
                if (pos >= bytes.length) {
                    pos = start;
                    throw error(what + ": ends inside a compact-u16");
                }
                int b = bytes[pos++] & 0xFF;
                value |= (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (i > 0 && b == 0) {
                        pos = start;
                        throw error(what + ": compact-u16 with a needless zero byte");
                    }
                    if (value > 0xFFFF) {
                        pos = start;
                        throw error(what + ": compact-u16 above 65535");
                    }
                    return value;
                }
            }
            pos = start;
            throw error(what + ": compact-u16 longer than 3 bytes");
        }
    }
}
