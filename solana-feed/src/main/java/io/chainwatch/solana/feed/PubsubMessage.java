package io.chainwatch.solana.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one message of Solana's pubsub WebSocket said, read with a streaming parser in any field
 * order: a {@code slotNotification}, a {@code logsNotification}, an answer to a subscribe, or an
 * error. Only the fields {@link LogsStream} needs are kept; a field that is absent reads as -1 or
 * null. Public so that benchmarks can drive the stream's reading without a socket.
 *
 * @param method      {@code method}, e.g. {@code logsNotification}; null for an answer
 * @param error       the error's code and message, when the message is an error answer; else null
 * @param slot        a slotNotification's slot
 * @param parent      a slotNotification's parent slot
 * @param root        a slotNotification's root (finalized) slot
 * @param contextSlot a logsNotification's {@code context.slot}
 * @param signature   a logsNotification's transaction signature, base58
 * @param failed      true when the logsNotification's transaction failed ({@code err} is not null)
 * @param logs        a logsNotification's log lines; empty when they were null
 */
public record PubsubMessage(String method, String error, long slot, long parent, long root, long contextSlot, String signature,
                            boolean failed, List<String> logs) {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads one message.
     *
     * @throws IOException when the text is not a JSON object or a notification's fields have the wrong types
     */
    public static PubsubMessage read(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Fields m = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "method" -> m.method = p.getText();
                    case "params" -> readParams(p, m);
                    case "error" -> m.error = p.currentToken() == JsonToken.VALUE_NULL ? null : errorText(p);
                    default -> p.skipChildren();
                }
            }
            return new PubsubMessage(m.method, m.error, m.slot, m.parent, m.root, m.contextSlot, m.signature, m.failed, m.logs);
        }
    }

    /** The fields as they are read, in whatever order they come. */
    private static final class Fields {
        String method;
        String error;
        long slot = -1;
        long parent = -1;
        long root = -1;
        long contextSlot = -1;
        String signature;
        boolean failed;
        List<String> logs;
    }

    private static void readParams(JsonParser p, Fields m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("result".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                readResult(p, m);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readResult(JsonParser p, Fields m) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "slot" -> m.slot = p.getValueAsLong(-1);
                case "parent" -> m.parent = p.getValueAsLong(-1);
                case "root" -> m.root = p.getValueAsLong(-1);
                case "context" -> m.contextSlot = contextSlot(p);
                case "value" -> readLogsValue(p, m);
                default -> p.skipChildren();
            }
        }
    }

    private static long contextSlot(JsonParser p) throws IOException {
        long slot = -1;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return slot;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("slot".equals(field)) {
                slot = p.getValueAsLong(-1);
            } else {
                p.skipChildren();
            }
        }
        return slot;
    }

    private static void readLogsValue(JsonParser p, Fields m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "signature" -> m.signature = p.getText();
                case "err" -> {
                    m.failed = p.currentToken() != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                case "logs" -> m.logs = strings(p);
                default -> p.skipChildren();
            }
        }
    }

    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("logs: expected an array, got " + p.currentToken());
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("logs: expected strings, got " + p.currentToken());
        }
        return out;
    }

    private static String errorText(JsonParser p) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.getText();
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("code".equals(field) || "message".equals(field)) {
                sb.append(sb.isEmpty() ? "" : " ").append(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return sb.toString();
    }
}
