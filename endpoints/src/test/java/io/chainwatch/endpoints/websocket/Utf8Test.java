package io.chainwatch.endpoints.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Utf8#isValid} against the JDK's strict decoder, on the forms RFC 3629 forbids and on random bytes. */
@Timeout(30)
class Utf8Test {
    @Test
    void wellFormedTextOfEveryLengthIsValid() {
        for (String s : new String[] {"", "a", "ascii only, longer than a word", "é", "€uro", "🚀 rocket", "mixed é € 🚀 and ascii after it"}) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.isValid(bytes, 0, bytes.length)).as(s).isTrue();
        }
    }

    @Test
    void overlongSurrogateTooHighTruncatedAndStrayBytesAreInvalid() {
        int[][] bad = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xED, 0xA0, 0x80},
                {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0x80}, {0xC3}, {0xE2, 0x82}, {0xC3, 0x28}};
        for (int[] sequence : bad) {
            byte[] bytes = new byte[sequence.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) sequence[i];
            }
            assertThat(Utf8.isValid(bytes, 0, bytes.length)).as(java.util.Arrays.toString(sequence)).isFalse();
        }
    }

    @Test
    void aBadByteIsFoundAtEveryPlaceOfALongAsciiTextAndOnlyInsideTheRange() {
        byte[] bytes = "x".repeat(40).getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < bytes.length; at++) {
            bytes[at] = (byte) 0xFE;
            assertThat(Utf8.isValid(bytes, 0, bytes.length)).as("at " + at).isFalse();
            assertThat(Utf8.isValid(bytes, at + 1, bytes.length - at - 1)).as("after " + at).isTrue();
            assertThat(Utf8.isValid(bytes, 0, at)).as("before " + at).isTrue();
            bytes[at] = 'x';
        }
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "ab é€🚀";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(24); k > 0; k--) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // often breaks a sequence, sometimes not
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - from + 1);
            assertThat(Utf8.isValid(bytes, from, length)).as(java.util.HexFormat.of().formatHex(bytes, from, from + length))
                    .isEqualTo(jdkValid(bytes, from, length));
        }
    }

    private static boolean jdkValid(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
