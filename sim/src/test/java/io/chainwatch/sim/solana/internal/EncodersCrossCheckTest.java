package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.sim.solana.Pubkey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator's own base58 and curve check against independent implementations. */
@Timeout(30)
class EncodersCrossCheckTest {

    @Test
    void base58MatchesTheSolanaModulesOnRandomAndEdgeInputs() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(0, 80)];
            random.nextBytes(b);
            for (int z = 0; z < b.length && random.nextInt(4) == 0; z++) {
                b[z] = 0; // leading zero bytes become leading '1's
            }
            String ours = Base58.encode(b);
            assertThat(ours).isEqualTo(io.chainwatch.solana.Base58.encode(b));
            assertThat(Base58.decode(ours)).isEqualTo(b);
        }
        assertThat(Base58.encode(new byte[32])).isEqualTo("11111111111111111111111111111111");
        assertThat(Base58.decode("0OIl")).isNull();
    }

    @Test
    void pubkeysRoundTripThroughBase58() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 1_000; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            Pubkey k = Pubkey.of(b);
            assertThat(Pubkey.fromBase58(k.base58())).isEqualTo(k);
            assertThat(k.bytes()).isEqualTo(b);
            assertThat(io.chainwatch.solana.PublicKey.of(b).toBase58()).isEqualTo(k.base58());
        }
    }

    @Test
    void jacobiSymbolAgreesWithEulersCriterion() {
        java.math.BigInteger p = java.math.BigInteger.TWO.pow(255).subtract(java.math.BigInteger.valueOf(19));
        java.math.BigInteger euler = p.subtract(java.math.BigInteger.ONE).shiftRight(1);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            java.math.BigInteger a = new java.math.BigInteger(1, b).mod(p);
            java.math.BigInteger e = a.modPow(euler, p);
            int expected = a.signum() == 0 ? 0 : e.equals(java.math.BigInteger.ONE) ? 1 : -1;
            assertThat(ProgramAddress.jacobi(limbs(a), limbs(p))).isEqualTo(expected);
        }
    }

    private static long[] limbs(java.math.BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = v.shiftRight(64 * i).longValue();
        }
        return l;
    }

    @Test
    void aboutHalfOfAllHashesAreOnTheCurveAndKnownPointsAre() {
        SplittableRandom random = new SplittableRandom(7);
        int on = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            on += ProgramAddress.onCurve(b) ? 1 : 0;
        }
        assertThat(on).isBetween(850, 1_150);
        // Real wallets are ed25519 public keys, so points on the curve; program-derived addresses never are.
        assertThat(ProgramAddress.onCurve(Pubkey.fromBase58("DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX").bytes())).isTrue();
        assertThat(ProgramAddress.onCurve(Pubkey.fromBase58("C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN").bytes())).isTrue();
        assertThat(ProgramAddress.onCurve(Pubkey.fromBase58("4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf").bytes())).isFalse();
    }

    @Test
    void curveTestAgreesWithBigIntegerArithmeticOnRandomAndEdgeInputs() {
        SplittableRandom random = new SplittableRandom(9);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            inputs.add(b);
        }
        BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
        for (BigInteger y : List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, p.subtract(BigInteger.ONE), p, p.add(BigInteger.ONE),
                BigInteger.TWO.pow(255).subtract(BigInteger.ONE), BigInteger.TWO.pow(64).subtract(BigInteger.ONE), BigInteger.TWO.pow(128))) {
            inputs.add(littleEndian(y));
            byte[] signed = littleEndian(y);
            signed[31] |= (byte) 0x80; // the sign bit of x: ignored by the test of y
            inputs.add(signed);
        }
        for (byte[] b : inputs) {
            assertThat(ProgramAddress.onCurve(b)).as("onCurve(%s)", java.util.HexFormat.of().formatHex(b)).isEqualTo(onCurveByEuler(b, p));
        }
    }

    /** The plain statement of the test: (y² - 1) / (d·y² + 1) is a square mod p (zero included), by Euler's criterion. */
    private static boolean onCurveByEuler(byte[] compressed, BigInteger p) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = compressed[31 - i];
        }
        be[0] &= 0x7F;
        BigInteger y = new BigInteger(1, be).mod(p);
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(p)).mod(p);
        BigInteger yy = y.multiply(y).mod(p);
        BigInteger u = yy.subtract(BigInteger.ONE).mod(p);
        BigInteger v = d.multiply(yy).add(BigInteger.ONE).mod(p);
        if (v.signum() == 0) {
            return u.signum() == 0;
        }
        BigInteger ratio = u.multiply(v.modInverse(p)).mod(p);
        return ratio.signum() == 0 || ratio.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
    }

    private static byte[] littleEndian(BigInteger v) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
