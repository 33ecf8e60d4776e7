package io.chainwatch.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on a label, as Prometheus and Alertmanager write it: {@code name=value},
 * {@code name!=value}, {@code name=~regex}, {@code name!~regex}. A regex must match the whole value;
 * a missing label reads as the empty string. Immutable.
 */
public final class LabelMatcher {
    /** How the label's value is compared. */
    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String label;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    public LabelMatcher(String label, Op op, String value) {
        this.label = Objects.requireNonNull(label, "label");
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        if (!NAME.matcher(label).matches()) {
            throw new IllegalArgumentException("label name '" + label + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        this.pattern = op == Op.REGEX || op == Op.NOT_REGEX ? Pattern.compile(value) : null;
    }

    /**
     * Reads {@code name=value}, {@code name!=value}, {@code name=~regex} or {@code name!~regex}; the
     * value may be in double quotes.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static LabelMatcher parse(String text) {
        int at = text.indexOf('=');
        int bang = text.indexOf('!');
        if (at <= 0 && bang <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher (name=value, name!=value, name=~regex, name!~regex)");
        }
        Op op;
        int nameEnd;
        int valueStart;
        if (bang > 0 && bang < at || at < 0) {
            if (bang + 1 >= text.length()) {
                throw new IllegalArgumentException("'" + text + "' is not a matcher (name=value, name!=value, name=~regex, name!~regex)");
            }
            char next = text.charAt(bang + 1);
            op = next == '=' ? Op.NOT_EQUAL : next == '~' ? Op.NOT_REGEX : null;
            if (op == null) {
                throw new IllegalArgumentException("'" + text + "' is not a matcher (name=value, name!=value, name=~regex, name!~regex)");
            }
            nameEnd = bang;
            valueStart = bang + 2;
        } else {
            boolean regex = at + 1 < text.length() && text.charAt(at + 1) == '~';
            op = regex ? Op.REGEX : Op.EQUAL;
            nameEnd = at;
            valueStart = regex ? at + 2 : at + 1;
        }
        String value = text.substring(valueStart).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return new LabelMatcher(text.substring(0, nameEnd).trim(), op, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "': not a valid regex: " + e.getDescription());
        }
    }

    public String label() {
        return label;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    /** Whether {@code labels} satisfy this condition. */
    public boolean matches(Map<String, String> labels) {
        return matchesValue(labels.get(label));
    }

    /** Whether a label's value ({@code null} when the label is missing) satisfies this condition. */
    public boolean matchesValue(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (op) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    /** Whether every matcher of {@code all} holds for {@code labels}; true for none. */
    public static boolean all(Iterable<LabelMatcher> all, Map<String, String> labels) {
        for (LabelMatcher m : all) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.label.equals(label) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, op, value);
    }

    /** As it is written in configuration: {@code name=~"value"}. */
    @Override
    public String toString() {
        return label + op.text + "\"" + value + "\"";
    }
}
