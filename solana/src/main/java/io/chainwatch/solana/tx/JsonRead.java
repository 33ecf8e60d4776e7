package io.chainwatch.solana.tx;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.PublicKey;

import java.util.ArrayList;
import java.util.List;

/** Typed reads of JSON-RPC values, each failure a {@link TransactionFormatException} naming the JSON path. */
final class JsonRead {
    private JsonRead() {
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    static JsonNode required(JsonNode parent, String field, String path) throws TransactionFormatException {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            throw new TransactionFormatException(child(path, field), n == null || n.isMissingNode() ? "missing" : "null");
        }
        return n;
    }

    static JsonNode object(JsonNode parent, String field, String path) throws TransactionFormatException {
        JsonNode n = required(parent, field, path);
        if (!n.isObject()) {
            throw new TransactionFormatException(child(path, field), "expected an object, got " + kind(n));
        }
        return n;
    }

    static JsonNode array(JsonNode parent, String field, String path) throws TransactionFormatException {
        return array(required(parent, field, path), child(path, field));
    }

    static JsonNode array(JsonNode n, String path) throws TransactionFormatException {
        if (!n.isArray()) {
            throw new TransactionFormatException(path, "expected an array, got " + kind(n));
        }
        return n;
    }

    static String text(JsonNode n, String path) throws TransactionFormatException {
        if (n == null || !n.isTextual()) {
            throw new TransactionFormatException(path, "expected a string, got " + kind(n));
        }
        return n.textValue();
    }

    static String text(JsonNode parent, String field, String path) throws TransactionFormatException {
        return text(required(parent, field, path), child(path, field));
    }

    /** An optional string field: null when absent or null. */
    static String optionalText(JsonNode parent, String field, String path) throws TransactionFormatException {
        JsonNode n = parent.get(field);
        return absent(n) ? null : text(n, child(path, field));
    }

    static long longValue(JsonNode n, String path) throws TransactionFormatException {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new TransactionFormatException(path, "expected an integer, got " + kind(n));
        }
        return n.longValue();
    }

    static int intIn(JsonNode n, String path, int min, int max) throws TransactionFormatException {
        long v = longValue(n, path);
        if (v < min || v > max) {
            throw new TransactionFormatException(path, "got " + v + ", allowed " + min + " to " + max);
        }
        return (int) v;
    }

    static int intIn(JsonNode parent, String field, String path, int min, int max) throws TransactionFormatException {
        return intIn(required(parent, field, path), child(path, field), min, max);
    }

    static List<Integer> indexes(JsonNode parent, String field, String path) throws TransactionFormatException {
        JsonNode a = array(parent, field, path);
        List<Integer> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(intIn(a.get(i), item(child(path, field), i), 0, 255));
        }
        return out;
    }

    static PublicKey key(JsonNode n, String path) throws TransactionFormatException {
        String s = text(n, path);
        try {
            return PublicKey.fromBase58(s);
        } catch (IllegalArgumentException e) {
            throw new TransactionFormatException(path, "not a base58 public key: " + e.getMessage());
        }
    }

    static List<PublicKey> keys(JsonNode array, String path) throws TransactionFormatException {
        List<PublicKey> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode k = array.get(i);
            if (k.isObject()) {
                throw new TransactionFormatException(item(path, i), "an object, as the jsonParsed encoding gives; ask for json or base64 encoding");
            }
            out.add(key(k, item(path, i)));
        }
        return out;
    }

    static byte[] base58(JsonNode n, String path) throws TransactionFormatException {
        String s = text(n, path);
        try {
            return Base58.decode(s);
        } catch (IllegalArgumentException e) {
            throw new TransactionFormatException(path, "not base58: " + e.getMessage());
        }
    }

    /** What a JSON value is, for error messages: "a string", "an array of 3", "null", "nothing". */
    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array of " + n.size();
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> n.asText();
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
