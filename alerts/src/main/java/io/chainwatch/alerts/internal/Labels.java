package io.chainwatch.alerts.internal;

import io.chainwatch.alerts.Severity;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The labels and annotations of alerts: how they are made, fingerprinted and filled in. */
public final class Labels {
    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Labels() {
    }

    /** {@code alertname} and {@code severity}, then the rule's labels, then the source's (which do not override). */
    public static SortedMap<String, String> of(String name, Severity severity, Map<String, String> ruleLabels, Map<String, String> source) {
        SortedMap<String, String> out = new TreeMap<>(source);
        out.putAll(ruleLabels);
        out.put(ALERTNAME, name);
        out.put(SEVERITY, severity.name().toLowerCase(Locale.ROOT));
        return out;
    }

    /**
     * A stable identity of a label set: 64-bit FNV-1a over the sorted {@code name=value} pairs, in hex.
     * The same labels always give the same fingerprint, across restarts.
     */
    public static String fingerprint(SortedMap<String, String> labels) {
        long h = FNV_OFFSET;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            h = mix(h, e.getKey());
            h = (h ^ 0xff) * FNV_PRIME;
            h = mix(h, e.getValue());
            h = (h ^ 0xfe) * FNV_PRIME;
        }
        return String.format(Locale.ROOT, "%016x", h);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }

    /** Fills every {@code {{name}}} of each annotation from {@code values}, {@code {{value}}} from {@code value}; unknown names become empty. */
    public static Map<String, String> annotations(Map<String, String> templates, Map<String, String> values, double value) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : templates.entrySet()) {
            out.put(e.getKey(), expand(e.getValue(), values, value));
        }
        return out;
    }

    static String expand(String template, Map<String, String> values, double value) {
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            int close = open < 0 ? -1 : template.indexOf("}}", open + 2);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            String name = template.substring(open + 2, close).trim();
            out.append(name.equals("value") ? number(value) : values.getOrDefault(name, ""));
            i = close + 2;
        }
        return out.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
