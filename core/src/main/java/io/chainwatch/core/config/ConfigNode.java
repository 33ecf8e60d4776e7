package io.chainwatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A view of one YAML node that knows its own path, so every error names the key. Reading a key
 * marks it as known; {@link #rejectUnknownKeys()} turns typos into errors instead of ignored keys.
 */
final class ConfigNode {
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** True when this section is in the configuration at all. */
    boolean present() {
        return node != null;
    }

    /** The keys of the mapping at {@code key}, each with its value as text; empty when there is none. */
    java.util.Map<String, String> textMap(String key) {
        read.add(key);
        JsonNode child = node == null ? null : node.get(key);
        if (child == null || child.isNull()) {
            return java.util.Map.of();
        }
        if (!child.isObject()) {
            throw new ConfigException(keyPath(key), "must be a mapping, got " + describe(child));
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        child.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigException(keyPath(key) + "." + e.getKey(), "must be a value, got " + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    ConfigNode object(String key) {
        read.add(key);
        JsonNode child = node == null ? null : node.get(key);
        if (child != null && !child.isNull() && !child.isObject()) {
            throw new ConfigException(keyPath(key), "must be a mapping, got " + describe(child));
        }
        return new ConfigNode(keyPath(key), child == null || child.isNull() ? null : child);
    }

    List<ConfigNode> list(String key) {
        read.add(key);
        JsonNode child = node == null ? null : node.get(key);
        if (child == null || child.isNull()) {
            return List.of();
        }
        if (!child.isArray()) {
            throw new ConfigException(keyPath(key), "must be a list, got " + describe(child));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (!item.isObject()) {
                throw new ConfigException(itemPath, "must be a mapping, got " + describe(item));
            }
            out.add(new ConfigNode(itemPath, item));
        }
        return out;
    }

    /** A list of plain values; an empty list when absent. */
    List<String> stringList(String key) {
        read.add(key);
        JsonNode child = node == null ? null : node.get(key);
        if (child == null || child.isNull()) {
            return List.of();
        }
        if (!child.isArray()) {
            throw new ConfigException(keyPath(key), "must be a list, got " + describe(child));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            if (item == null || !item.isValueNode() || item.isNull()) {
                throw new ConfigException(keyPath(key) + "[" + i + "]", "must be a value, got " + describe(item));
            }
            out.add(item.asText());
        }
        return out;
    }

    String string(String key, String fallback) {
        read.add(key);
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new ConfigException(keyPath(key), "must be a single value, got " + describe(v));
        }
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException(keyPath(key), "is required, got none");
        }
        return v;
    }

    long longValue(String key, long fallback, long min, long max) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        return parseLong(key, text, min, max);
    }

    long requiredLong(String key, long min, long max) {
        return parseLong(key, requiredString(key), min, max);
    }

    int intValue(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    double doubleValue(String key, double fallback, double min, double max) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!(v >= min && v <= max)) {
                throw new ConfigException(keyPath(key), "got " + text + ", allowed " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(keyPath(key), "got '" + text + "', allowed a number from " + min + " to " + max);
        }
    }

    boolean bool(String key, boolean fallback) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(keyPath(key), "got '" + text + "', allowed true or false");
        };
    }

    <T> T parsed(String key, String fallback, Function<String, T> parser, String allowed) {
        String text = key == null ? null : string(key, fallback);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyPath(key), "got '" + text + "', allowed " + allowed);
        }
    }

    private long parseLong(String key, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(keyPath(key), "got '" + text + "', allowed a whole number from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw new ConfigException(keyPath(key), "got " + v + ", allowed " + min + " to " + max);
        }
        return v;
    }

    void rejectUnknownKeys() {
        if (node instanceof ObjectNode obj) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!read.contains(name)) {
                    throw new ConfigException(keyPath(name), "unknown key; allowed: " + String.join(", ", new java.util.TreeSet<>(read)));
                }
            }
        }
    }

    private static String describe(JsonNode n) {
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return "'" + n.asText() + "'";
    }
}
