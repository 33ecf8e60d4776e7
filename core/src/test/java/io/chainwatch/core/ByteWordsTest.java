package io.chainwatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ByteWordsTest {
    @Test
    void indexOfFindsTheFirstByteLikeALoopDoesWhateverSurroundsIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            // Few byte values, bytes above 0x7F among them (0xA2 differs from '"' only in its high bit), so hits and borrows are common.
            byte[] bytes = new byte[random.nextInt(40)];
            byte[] alphabet = {'"', ' ', '\\', 'a', 0, 1, (byte) 0xA2, (byte) 0xFF, (byte) 0x80, 0x21, 0x23};
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int end = from + random.nextInt(bytes.length - from + 1);
            char b = (char) (alphabet[random.nextInt(4)] & 0xFF);
            assertThat(ByteWords.indexOf(bytes, from, end, b)).as("round %d", round).isEqualTo(loop(bytes, from, end, b));
        }
    }

    @Test
    void aWordIsItsBytesFirstLowestAndHighBitsTellAscii() {
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xC3};
        assertThat(ByteWords.word(bytes, 0)).isEqualTo(0x0807_0605_0403_0201L);
        assertThat(ByteWords.word(bytes, 0) & ByteWords.HIGH_BITS).isZero();
        assertThat(ByteWords.word(bytes, 1) & ByteWords.HIGH_BITS).isNotZero();
    }

    private static int loop(byte[] bytes, int from, int end, char b) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == (byte) b) {
                return i;
            }
        }
        return -1;
    }
}
