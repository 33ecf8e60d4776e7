package io.chainwatch.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The real mainnet data under src/test/resources/fixtures/pump (see the README there). */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/pump/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource fixtures/pump/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code data} of an account fixture, base64-decoded. */
    public static byte[] accountData(String name) {
        return Base64.getDecoder().decode(json(name).get("data").asText());
    }

    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static byte[] bytes(JsonNode array) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) array.get(i).asInt();
        }
        return out;
    }

    /** The buy transaction's log messages: 49 lines, one pump TradeEvent. */
    public static List<String> buyTxLogs() {
        return strings(json("buy-tx-logs.json").get("log_messages"));
    }
}
