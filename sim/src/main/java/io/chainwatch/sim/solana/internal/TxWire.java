package io.chainwatch.sim.solana.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The wire form of a transaction, what the {@code base64} and {@code base58} encodings carry: a
 * compact-u16 count of 64-byte signatures, then the message. A legacy message is the header (three
 * bytes), the account keys, the recent blockhash and the compiled instructions; a v0 message is
 * prefixed by 0x80 and ends with its address table lookups (none here). Stateless.
 */
public final class TxWire {
    private TxWire() {
    }

    public static byte[] serialize(SolTx tx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1232);
        shortVec(out, tx.signatures().size());
        for (byte[] s : tx.signatures()) {
            out.writeBytes(s);
        }
        out.writeBytes(message(tx));
        return out.toByteArray();
    }

    public static byte[] message(SolTx tx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1100);
        if (tx.version() >= 0) {
            out.write(0x80 | tx.version());
        }
        out.write(tx.numRequiredSignatures());
        out.write(tx.numReadonlySigned());
        out.write(tx.numReadonlyUnsigned());
        shortVec(out, tx.accountKeys().size());
        byte[] key = new byte[32];
        for (var k : tx.accountKeys()) {
            k.writeTo(key, 0);
            out.writeBytes(key);
        }
        tx.recentBlockhash().writeTo(key, 0);
        out.writeBytes(key);
        List<CompiledIx> ixs = tx.instructions();
        shortVec(out, ixs.size());
        for (CompiledIx ix : ixs) {
            out.write(ix.programIdIndex());
            shortVec(out, ix.accounts().length);
            out.writeBytes(ix.accounts());
            shortVec(out, ix.data().length);
            out.writeBytes(ix.data());
        }
        if (tx.version() >= 0) {
            shortVec(out, 0); // address table lookups
        }
        return out.toByteArray();
    }

    /** Solana's compact-u16: seven bits a byte, low first, the high bit set while more follow. */
    static void shortVec(ByteArrayOutputStream out, int value) {
        int v = value;
        while (true) {
            int b = v & 0x7F;
            v >>>= 7;
            if (v == 0) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
