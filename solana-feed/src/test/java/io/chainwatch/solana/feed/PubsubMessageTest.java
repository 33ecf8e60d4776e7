package io.chainwatch.solana.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chainwatch.solana.LogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PubsubMessage#read} against Jackson's tree of the same text: the notifications a node
 * sends, the same with fields in random order, unknown fields of every JSON kind, whitespace, and
 * log lines with escapes and characters of every plane; and refusals of broken text.
 */
@Timeout(60)
class PubsubMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA_LINE = "Program data: vdt/007mYe6dKsxKfMbYbJAUjzVU6hwpUo/NqZtQ0u8EpfI1QaN7/5i4+wIAAAAAMX7QjaEAAAABtipDEeZapMxX"
            + "x0Wp0Funx+qS849Mz3skrt28g1HUC0yp9IlpAAAAAMnkpzkLAAAALNhpoj9fAgDJOIQ9BAAAACxAV1auYAEASsL40N1cvJfjKJwZfLUGKlTz2Va5zm5RFfllZ6pc"
            + "s+ZfAAAAAAAAAF9BBwAAAAAApZaRFOGWYW3wyoOUf3uyF/i/3KfhW/3tp0juGw55TDEeAAAAAAAAAIpKAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAwAAAGJ1eQA=";
    private static final List<String> LOGS = List.of("Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P invoke [1]",
            "Program log: Instruction: Buy", DATA_LINE, "Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P consumed 68600 of 179974 compute units",
            "Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P success");
    private static final String SIGNATURE = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW";

    @Test
    void readsALogsNotificationAsANodeSendsIt() throws IOException {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":300000001},"
                + "\"value\":{\"signature\":\"" + SIGNATURE + "\",\"err\":null,\"logs\":" + JSON.writeValueAsString(LOGS)
                + "}},\"subscription\":2}}";
        Read m = read(text);
        assertThat(m).isEqualTo(new Read("logsNotification", null, -1, -1, -1, 300_000_001L, SIGNATURE, false, LOGS));
        assertThat(m).isEqualTo(reference(text));
        assertThat(Read.of(PubsubMessage.read(text))).as("from a String").isEqualTo(m);
    }

    @Test
    void readsSlotNotificationsAnswersAndErrors() throws IOException {
        for (String text : List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"slotNotification\",\"params\":{\"result\":{\"parent\":75,\"root\":44,\"slot\":76},\"subscription\":0}}",
                "{\"jsonrpc\":\"2.0\",\"result\":23784,\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params: \\\"mentions\\\" \\u00e9\"},\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"error\":\"refused\",\"id\":2}",
                "{\"error\":null,\"method\":\"logsNotification\",\"params\":{\"result\":{\"value\":{\"err\":{\"InstructionError\":[0,"
                        + "{\"Custom\":6001}]},\"logs\":null,\"signature\":\"x\"},\"context\":{\"slot\":7,\"apiVersion\":\"2.1.0\"}}}}",
                " \n\t{ \"method\" : \"slotNotification\" , \"params\" : { \"result\" : { \"slot\" : 1.5e3 , \"parent\" : -0 , \"root\" : "
                        + "99999999999999999999 } } } ",
                "{\"params\":[1,2],\"method\":null}", "{}")) {
            assertThat(read(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void readsWhatJacksonReadsInAnyOrderWithAnyExtras() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        ObjectMapper pretty = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> value = shuffled(random, "signature", SIGNATURE + i, "err", random.nextInt(3) == 0 ? null
                    : random.nextBoolean() ? "x" : List.of(), "logs", lines(random), "extra", extra(random));
            Map<String, Object> result = shuffled(random, "context", shuffled(random, "slot", random.nextLong(1L << 40), "apiVersion", "2.1.0"),
                    "value", value);
            Map<String, Object> message = shuffled(random, "jsonrpc", "2.0", "method", "logsNotification",
                    "params", shuffled(random, "result", result, "subscription", random.nextInt(100)), "extra", extra(random));
            String text = (random.nextBoolean() ? pretty : JSON).writeValueAsString(message);
            assertThat(read(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void brokenTextIsRefused() {
        String ok = "{\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":1},\"value\":{\"signature\":\"s\","
                + "\"err\":null,\"logs\":[\"a\\\"b\"]}}}}";
        for (int cut = 0; cut < ok.length() - 1; cut++) {
            String text = ok.substring(0, cut);
            assertThatThrownBy(() -> read(text)).as(text).isInstanceOf(IOException.class);
        }
        for (String text : List.of("[]", "\"x\"", "{\"method\" \"x\"}", "{\"method\":\"x\" \"id\":1}", "{\"id\":tru}", "{\"id\":01x}",
                "{\"id\":-}", "{\"id\":1.}", "{\"id\":\"\\x\"}", "{\"id\":\"\\u12G4\"}", "{\"id\":[1 2]}", "{\"id\":{\"a\"}}",
                "{\"params\":{\"result\":{\"value\":{\"logs\":\"line\"}}}}", "{\"params\":{\"result\":{\"value\":{\"logs\":[\"a\",2]}}}}")) {
            assertThatThrownBy(() -> read(text)).as(text).isInstanceOf(IOException.class);
        }
    }

    @Test
    void escapedLinesAreDecodedAsUtf8AndPlainLinesAreViewsIntoTheMessage() throws IOException {
        String text = "{\"params\":{\"result\":{\"value\":{\"logs\":[\"plain é\",\"tab\\there \\u00e9 \\ud83d\\ude80 \\ud800 x\","
                + "\"\\\"\",\"\"]}}}}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        LogLines logs = PubsubMessage.read(utf8, 0, utf8.length).logs();
        assertThat(logs.toStrings()).containsExactly("plain é", "tab\there é 🚀 \uFFFD x", "\"", "");
        assertThat(logs.array(0)).as("no copy of a line without escapes").isSameAs(utf8);
        assertThat(logs.array(1)).isNotSameAs(utf8);
    }

    @Test
    void aReusedListHoldsTheLinesOfTheLastMessageOnly() throws IOException {
        LogLines reused = new LogLines(1);
        byte[] first = "{\"params\":{\"result\":{\"value\":{\"logs\":[\"a\",\"b\",\"c\"]}}}}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"params\":{\"result\":{\"value\":{\"logs\":[\"d\"]}}}}".getBytes(StandardCharsets.UTF_8);
        byte[] nullLogs = "{\"params\":{\"result\":{\"value\":{\"logs\":null}}}}".getBytes(StandardCharsets.UTF_8);
        byte[] noLogs = "{\"params\":{\"result\":{\"value\":{}}}}".getBytes(StandardCharsets.UTF_8);

        assertThat(PubsubMessage.read(first, 0, first.length, reused).logs()).isSameAs(reused);
        assertThat(reused.toStrings()).containsExactly("a", "b", "c");
        assertThat(PubsubMessage.read(second, 0, second.length, reused).logs().toStrings()).containsExactly("d");
        assertThat(PubsubMessage.read(nullLogs, 0, nullLogs.length, reused).logs()).isSameAs(reused);
        assertThat(reused.size()).isZero();
        assertThat(PubsubMessage.read(noLogs, 0, noLogs.length, reused).logs()).as("absent, not empty").isNull();
    }

    /** Log lines with quotes, backslashes, control characters, non-Latin and astral characters; sometimes none at all. */
    private static List<String> lines(SplittableRandom random) {
        String alphabet = "abc XYZ 019 \"\\/\b\f\n\r\t\u0000\u001f\u007f é€\u2028🚀";
        List<String> out = new ArrayList<>(LOGS);
        for (int i = random.nextInt(6); i > 0; i--) {
            StringBuilder sb = new StringBuilder("Program log: ");
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0,
                        alphabet.length())))));
            }
            out.add(random.nextInt(out.size() + 1), sb.toString());
        }
        return random.nextInt(10) == 0 ? List.of() : out;
    }

    private static Object extra(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * 1e20;
            case 4 -> "\"quoted\" \\ text";
            case 5 -> List.of(1, "two", List.of(), Map.of("k", false));
            default -> Map.of("nested", Map.of("deeper", List.of(Map.of())), "n", -0.5);
        };
    }

    /** The names and values, in a random order; values may be null. */
    private static Map<String, Object> shuffled(SplittableRandom random, Object... namesAndValues) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(random.nextLong()));
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i : order) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** The same reading, from Jackson's tree. */
    private static Read reference(String text) throws JsonProcessingException {
        JsonNode m = JSON.readTree(text);
        JsonNode result = m.path("params").path("result");
        JsonNode value = result.path("value");
        JsonNode error = m.path("error");
        String errorText = null;
        if (error.isObject()) {
            List<String> parts = new ArrayList<>();
            error.properties().forEach(e -> {
                if (e.getKey().equals("code") || e.getKey().equals("message")) {
                    parts.add(e.getValue().asText());
                }
            });
            errorText = String.join(" ", parts);
        } else if (!error.isMissingNode() && !error.isNull()) {
            errorText = error.asText();
        }
        List<String> logs = null;
        if (value.has("logs")) {
            logs = new ArrayList<>();
            for (JsonNode line : value.get("logs")) {
                logs.add(line.asText());
            }
        }
        return new Read(m.path("method").isTextual() ? m.get("method").asText() : null, errorText, integer(result.path("slot")),
                integer(result.path("parent")), integer(result.path("root")), integer(result.path("context").path("slot")),
                value.path("signature").isTextual() ? value.get("signature").asText() : null,
                value.has("err") && !value.get("err").isNull(), logs);
    }

    /** What a message read says, its lines as Strings. */
    private record Read(String method, String error, long slot, long parent, long root, long contextSlot, String signature,
                        boolean failed, List<String> logs) {
        static Read of(PubsubMessage m) {
            return new Read(m.method(), m.error(), m.slot(), m.parent(), m.root(), m.contextSlot(), m.signature(), m.failed(),
                    m.logs() == null ? null : m.logs().toStrings());
        }
    }

    /** Reads the text's UTF-8 bytes from the middle of a larger array, whose bytes around it (quotes, brackets) must not be read. */
    private static Read read(String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] around = new byte[utf8.length + 6];
        java.util.Arrays.fill(around, (byte) '"');
        around[utf8.length + 4] = ']';
        around[utf8.length + 5] = '}';
        System.arraycopy(utf8, 0, around, 3, utf8.length);
        return Read.of(PubsubMessage.read(around, 3, utf8.length));
    }

    private static long integer(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() ? n.asLong() : -1;
    }
}
