package io.chainwatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The eight-at-a-time reader against the plain per-digit one, on random valid and invalid input. */
@Timeout(30)
class HexWordTest {
    private static final String HEX = "0123456789abcdefABCDEF";

    @Test
    void agreesWithThePerDigitReaderOnRandomWords() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int d = 0; d < 16; d++) {
                sb.append(HEX.charAt(random.nextInt(HEX.length())));
            }
            String s = sb.toString();
            assertThat(Hex.readWord(s.getBytes(StandardCharsets.ISO_8859_1), 0)).as(s).isEqualTo(Hex.readWord(s, 0));
        }
        assertThat(Hex.readWord("ffffffffffffffff".getBytes(StandardCharsets.ISO_8859_1), 0)).isEqualTo(-1L);
        assertThat(Hex.readWord("0000000000000000".getBytes(StandardCharsets.ISO_8859_1), 0)).isZero();
    }

    @Test
    void rejectsEveryNonHexByteInEveryPosition() {
        for (int b = 0; b < 256; b++) {
            boolean hex = b < 128 && Hex.digit((char) b) >= 0;
            for (int pos = 0; pos < 16; pos++) {
                byte[] word = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
                word[pos] = (byte) b;
                if (hex) {
                    assertThat(Hex.readWord(word, 0)).isEqualTo(Hex.readWord(new String(word, StandardCharsets.ISO_8859_1), 0));
                } else {
                    int at = pos;
                    assertThatThrownBy(() -> Hex.readWord(word, 0)).as("byte %d at %d", b, at).isInstanceOf(IllegalArgumentException.class);
                }
            }
        }
    }

    @Test
    void u256FromBytesMatchesFromChars() {
        String word = "00000000000000000000000000000000000000000000d3c21bcecceda1000000";
        assertThat(U256.at(word.getBytes(StandardCharsets.ISO_8859_1), 0)).isEqualTo(U256.at(word, 0));
    }
}
