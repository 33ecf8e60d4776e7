package io.chainwatch.solana;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Program derived addresses: sha256 of the seeds, a bump byte, the program id and
 * {@code "ProgramDerivedAddress"}, with the bump counting down from 255 until the hash is not an
 * ed25519 point (so no private key can sign for it). Costs a modular exponentiation per try: meant
 * for once per account, with the result kept by the caller.
 */
public final class ProgramAddress {
    private static final byte[] MARKER = "ProgramDerivedAddress".getBytes(StandardCharsets.US_ASCII);
    /** The field prime of ed25519, 2^255 - 19. */
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /** The curve constant d = -121665 / 121666. */
    private static final BigInteger D = BigInteger.valueOf(121_666).modInverse(P).multiply(BigInteger.valueOf(-121_665)).mod(P);
    private static final BigInteger HALF = P.subtract(BigInteger.ONE).shiftRight(1);
    private static final int MAX_SEED_BYTES = 32;

    private ProgramAddress() {
    }

    /** The address {@code program} derives from {@code seeds} with the highest bump that is off the curve. */
    public static PublicKey find(PublicKey program, byte[]... seeds) {
        MessageDigest sha = sha256();
        byte[] programBytes = program.toBytes();
        for (byte[] seed : seeds) {
            if (seed.length > MAX_SEED_BYTES) {
                throw new IllegalArgumentException("a seed has at most " + MAX_SEED_BYTES + " bytes, got " + seed.length);
            }
        }
        for (int bump = 255; bump >= 0; bump--) {
            for (byte[] seed : seeds) {
                sha.update(seed);
            }
            sha.update((byte) bump);
            sha.update(programBytes);
            sha.update(MARKER);
            byte[] hash = sha.digest();
            if (!isOnCurve(hash)) {
                return PublicKey.of(hash);
            }
        }
        throw new IllegalStateException("no bump gives an address off the curve (astronomically unlikely)");
    }

    /**
     * True when the 32 bytes decompress to an ed25519 point: y (little-endian, top bit the sign of x)
     * gives x^2 = (y^2 - 1) / (d y^2 + 1), which must be a square mod p (Euler's criterion). As in
     * the validator, y is taken mod p and the sign bit does not matter.
     */
    static boolean isOnCurve(byte[] compressed) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = compressed[31 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian).mod(P);
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        return x2.signum() == 0 || x2.modPow(HALF, P).equals(BigInteger.ONE);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
