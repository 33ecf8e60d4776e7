package io.chainwatch.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JSON string arrays as the simulator writes them (transaction logs) and reads them back (Geyser, ground truth). */
@Timeout(30)
class JsonTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stringArraysReadBackAsWrittenAndAsJacksonReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        String alphabet = "aZ09 :[]{},\"\\/\n\t\r\u0001\u001f\u00e9\u20ac\uD83D\uDE80";
        for (int round = 0; round < 500; round++) {
            List<String> lines = new ArrayList<>();
            for (int i = random.nextInt(0, 6); i > 0; i--) {
                StringBuilder line = new StringBuilder();
                for (int j = random.nextInt(0, 30); j > 0; j--) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                lines.add(line.toString());
            }
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < lines.size(); i++) {
                JsonText.string(sb.append(i == 0 ? "" : ","), lines.get(i));
            }
            String json = sb.append(']').toString();
            assertThat(JsonText.strings(json)).isEqualTo(lines);
            assertThat(JSON.readValue(json, String[].class)).containsExactlyElementsOf(lines);
        }
    }

    @Test
    void otherShortEscapesReadBackAndMalformedArraysAreRefused() {
        assertThat(JsonText.strings("[\"a\\nb\\t\\/\\u00e9\"]")).containsExactly("a\nb\t/\u00e9");
        assertThat(JsonText.strings("[]")).isEmpty();
        assertThatThrownBy(() -> JsonText.strings("[\"open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON array of strings at offset 6");
        assertThatThrownBy(() -> JsonText.strings("[\"a\" ,\"b\"]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.strings("[\"\\x\"]")).isInstanceOf(IllegalArgumentException.class);
    }
}
