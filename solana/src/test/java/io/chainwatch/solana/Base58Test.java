package io.chainwatch.solana;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Base58 against published vectors, a BigInteger reference, and itself both ways. */
@Timeout(30)
class Base58Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void publishedVectors() {
        // Bitcoin Core's base58_encode_decode.json vectors.
        String[][] vectors = {
                {"", ""},
                {"61", "2g"},
                {"626262", "a3gV"},
                {"636363", "aPEr"},
                {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
                {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
                {"516b6fcd0f", "ABnLTmg"},
                {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
                {"572e4794", "3EFU7m"},
                {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
                {"10c8511e", "Rt5zm"},
                {"00000000000000000000", "1111111111"},
        };
        for (String[] v : vectors) {
            assertThat(Base58.encode(HEX.parseHex(v[0]))).as(v[0]).isEqualTo(v[1]);
            assertThat(HEX.formatHex(Base58.decode(v[1]))).as(v[1]).isEqualTo(v[0]);
        }
    }

    @Test
    void solanaAddressesRoundTrip() {
        assertThat(Base58.encode(new byte[32])).isEqualTo("11111111111111111111111111111111");
        for (String id : new String[] {"6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
                "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "So11111111111111111111111111111111111111112",
                "ComputeBudget111111111111111111111111111111"}) {
            byte[] bytes = Base58.decode(id);
            assertThat(bytes).hasSize(32);
            assertThat(Base58.encode(bytes)).isEqualTo(id);
        }
        byte[] allFf = new byte[32];
        java.util.Arrays.fill(allFf, (byte) 0xFF);
        assertThat(Base58.encode(allFf)).isEqualTo("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG").hasSize(44);
    }

    @Test
    void leadingZerosAndOnesCorrespond() {
        assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.decode("1")).containsExactly(0);
        assertThat(Base58.decode("11")).containsExactly(0, 0);
        assertThat(Base58.decode("112")).containsExactly(0, 0, 1);
        assertThat(Base58.decode("")).isEmpty();
        assertThat(Base58.encode(new byte[0])).isEmpty();
    }

    @Test
    void charactersOutsideTheAlphabetAreNamed() {
        for (String bad : new String[] {"0", "O", "I", "l", "+", "/", " ", "é", "abc0", "\u0000"}) {
            assertThatThrownBy(() -> Base58.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a base58 character");
            assertThat(Base58.isValid(bad)).isFalse();
        }
        assertThatThrownBy(() -> Base58.decode("12l4")).hasMessageContaining("at 2: 'l'");
        assertThat(Base58.isValid(Base58.ALPHABET)).isTrue();
    }

    @Property(tries = 2_000)
    void roundTripsAnyBytes(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 5) int leadingZeros) {
        byte[] data = new byte[leadingZeros + bytes.length];
        System.arraycopy(bytes, 0, data, leadingZeros, bytes.length);
        String text = Base58.encode(data);
        assertThat(Base58.decode(text)).containsExactly(data);
        assertThat(text).isEqualTo(reference(data));
    }

    @Property(tries = 2_000)
    void encodesAnyValidTextBackToItself(@ForAll @Size(max = 60) byte[] indexes) {
        StringBuilder sb = new StringBuilder();
        for (byte i : indexes) {
            sb.append(Base58.ALPHABET.charAt(Math.floorMod(i, 58)));
        }
        String text = sb.toString();
        assertThat(Base58.encode(Base58.decode(text))).isEqualTo(text);
    }

    @Property(tries = 500)
    void encodesOffsetRanges(@ForAll @Size(min = 1, max = 40) byte[] bytes, @ForAll @IntRange(max = 39) int from) {
        int start = Math.min(from, bytes.length);
        byte[] slice = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
        assertThat(Base58.encode(bytes, start, bytes.length - start)).isEqualTo(Base58.encode(slice));
    }

    @Property(tries = 5_000)
    void encodesKeysAsItEncodesTheirBytes(@ForAll long w0, @ForAll long w1, @ForAll long w2, @ForAll long w3,
                                          @ForAll @IntRange(max = 32) int zeroBytes, @ForAll @IntRange(max = 8) int at) {
        byte[] bytes = new PublicKey(w0, w1, w2, w3).toBytes();
        java.util.Arrays.fill(bytes, 0, zeroBytes, (byte) 0);
        PublicKey key = PublicKey.of(bytes);
        byte[] out = new byte[at + Base58.MAX_KEY_CHARS];
        int end = Base58.encodeKey(key.w0(), key.w1(), key.w2(), key.w3(), out, at);
        String text = new String(out, at, end - at, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo(reference(bytes)).isEqualTo(key.toBase58());
        assertThat(PublicKey.fromBase58(text)).isEqualTo(key);
    }

    @Property(tries = 5_000)
    void decodesAnyTextAsTheDefinitionSays(@ForAll @Size(max = 400) byte[] indexes, @ForAll @IntRange(max = 6) int leadingOnes) {
        StringBuilder sb = new StringBuilder("1".repeat(leadingOnes));
        for (byte i : indexes) {
            sb.append(Base58.ALPHABET.charAt(Math.floorMod(i, 58)));
        }
        String text = sb.toString();
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(Base58.ALPHABET.indexOf(text.charAt(i))));
        }
        int ones = 0;
        while (ones < text.length() && text.charAt(ones) == '1') {
            ones++;
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int sign = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0; // toByteArray's sign byte
        byte[] expected = new byte[ones + magnitude.length - sign];
        System.arraycopy(magnitude, sign, expected, ones, magnitude.length - sign);
        assertThat(Base58.decode(text)).as(text).containsExactly(expected);
    }

    @Property(tries = 5_000)
    void decodes64ByteValuesAsDecodeDoes(@ForAll @Size(64) byte[] bytes, @ForAll @IntRange(max = 64) int zeroBytes,
                                         @ForAll @IntRange(max = 5) int at) {
        java.util.Arrays.fill(bytes, 0, zeroBytes, (byte) 0);
        String text = Base58.encode(bytes);
        char[] chars = ("#".repeat(at) + text + "#").toCharArray();
        long[] words = new long[8];
        assertThat(Base58.decode64(chars, at, text.length(), words)).as(text).isTrue();
        java.nio.ByteBuffer decoded = java.nio.ByteBuffer.allocate(64);
        for (long w : words) {
            decoded.putLong(w);
        }
        assertThat(decoded.array()).as(text).containsExactly(bytes);
    }

    @Property(tries = 5_000)
    void decode64RefusesWhatIsNot64Bytes(@ForAll @Size(max = 100) byte[] indexes, @ForAll @IntRange(max = 3) int leadingOnes) {
        StringBuilder sb = new StringBuilder("1".repeat(leadingOnes));
        for (byte i : indexes) {
            sb.append(Base58.ALPHABET.charAt(Math.floorMod(i, 58)));
        }
        char[] text = sb.toString().toCharArray();
        assertThat(Base58.decode64(text, 0, text.length, new long[8])).as(sb.toString())
                .isEqualTo(Base58.decode(sb).length == Base58.VALUE64_BYTES);
    }

    @Test
    void decode64AtTheEdgesOf64Bytes() {
        byte[] max = new byte[64];
        java.util.Arrays.fill(max, (byte) 0xFF);
        String top = Base58.encode(max);
        long[] words = new long[8];
        assertThat(top).hasSize(88);
        assertThat(Base58.decode64(top.toCharArray(), 0, 88, words)).isTrue();
        assertThat(words).containsOnly(-1L);
        String zeros = "1".repeat(64);
        assertThat(Base58.decode64(zeros.toCharArray(), 0, 64, words)).isTrue();
        assertThat(words).containsOnly(0L);
        String over = "z".repeat(88); // 58^88 - 1 > 2^512
        assertThat(Base58.decode64(over.toCharArray(), 0, 88, words)).isFalse();
        assertThat(Base58.decode64("1".repeat(65).toCharArray(), 0, 65, words)).isFalse();
        assertThat(Base58.decode64(new char[0], 0, 0, words)).isFalse();
        char[] bad = top.toCharArray();
        bad[40] = 'l';
        assertThatThrownBy(() -> Base58.decode64(bad, 0, 88, new long[8])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a base58 character at 40: 'l'");
    }

    @Test
    void encodesTheExtremeKeys() {
        byte[] out = new byte[Base58.MAX_KEY_CHARS];
        assertThat(new String(out, 0, Base58.encodeKey(0, 0, 0, 0, out, 0), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("11111111111111111111111111111111");
        assertThat(new String(out, 0, Base58.encodeKey(-1, -1, -1, -1, out, 0), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFG");
        assertThat(new String(out, 0, Base58.encodeKey(0, 0, 0, 1, out, 0), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("11111111111111111111111111111112");
        assertThatThrownBy(() -> Base58.encodeKey(0, 0, 0, 0, new byte[Base58.MAX_KEY_CHARS - 1], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** The definition: the number in base 58, one '1' per leading zero byte. */
    private static String reference(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        BigInteger n = new BigInteger(1, data);
        StringBuilder sb = new StringBuilder();
        BigInteger base = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(Base58.ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        sb.append("1".repeat(zeros));
        return sb.reverse().toString();
    }
}
