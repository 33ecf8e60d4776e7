package io.chainwatch.solana;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes borsh for tests: the encoder side of the layouts, kept apart from the decoder under test. */
public final class BorshWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public BorshWriter discriminator(String preimage) {
        return u64(Discriminators.of(preimage));
    }

    public BorshWriter u8(int v) {
        out.write(v);
        return this;
    }

    public BorshWriter u16(int v) {
        return le(v, 2);
    }

    public BorshWriter u32(long v) {
        return le(v, 4);
    }

    public BorshWriter u64(long v) {
        return le(v, 8);
    }

    public BorshWriter i64(long v) {
        return le(v, 8);
    }

    public BorshWriter i128(BigInteger v) {
        byte[] be = v.toByteArray();
        for (int i = 0; i < 16; i++) {
            int from = be.length - 1 - i;
            out.write(from >= 0 ? be[from] : (v.signum() < 0 ? 0xFF : 0));
        }
        return this;
    }

    public BorshWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public BorshWriter pubkey(PublicKey key) {
        out.writeBytes(key.toBytes());
        return this;
    }

    public BorshWriter pubkey(String base58) {
        return pubkey(PublicKey.fromBase58(base58));
    }

    public BorshWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    public BorshWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public BorshWriter zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private BorshWriter le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }
}
