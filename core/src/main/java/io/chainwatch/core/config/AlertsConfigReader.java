package io.chainwatch.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and checks the {@code alerts:} section (see {@link AlertsConfig}). Durations are written
 * {@code 1500}, {@code 1500ms}, {@code 30s}, {@code 5m} or {@code 4h}; matchers as Prometheus writes
 * them ({@code severity=critical}, {@code chain=~"sol.*"}); a condition as {@code "> 32"}.
 */
final class AlertsConfigReader {
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final String DURATION = "a duration such as 1500, 1500ms, 30s, 5m or 4h";

    private AlertsConfigReader() {
    }

    /** The section, or its defaults when it is absent; channels from {@code alerts.channels} and the environment's names. */
    static AlertsConfig read(ConfigNode n, Map<String, String> env) {
        List<AlertChannelConfig> channels = AlertChannelsConfigReader.read(n, env);
        if (channels.isEmpty()) {
            channels = List.of(AlertChannelConfig.Console.STDOUT);
        }
        if (!n.present()) {
            AlertsConfig d = AlertsConfig.defaults();
            return new AlertsConfig(d.evaluationIntervalMs(), d.rules(), d.routes(), d.inhibit(), d.group(), d.delivery(), channels);
        }
        long intervalMs = n.longValue("evaluationIntervalMs", 1_000, 10, 3_600_000);
        AlertGroupConfig group = group(n.object("group"));
        // An empty list given is kept (no rules, no inhibition); only a missing key takes the defaults.
        List<AlertRuleConfig> rules = n.has("rules") ? rules(n) : AlertsConfig.DEFAULT_RULES;
        List<AlertRouteConfig> routes = routes(n); // a route to an unknown channel is refused when the manager is built
        List<InhibitRuleConfig> inhibit = n.has("inhibit") ? inhibit(n)
                : List.of(InhibitRuleConfig.criticalSilencesWarnings(group.by()));
        n.list("rules");
        n.list("inhibit");
        AlertDeliveryConfig delivery = delivery(n.object("delivery"));
        n.rejectUnknownKeys();
        return new AlertsConfig(intervalMs, rules, routes, inhibit, group, delivery, channels);
    }

    private static AlertGroupConfig group(ConfigNode n) {
        AlertGroupConfig d = AlertGroupConfig.DEFAULT;
        List<String> by = n.has("by") ? labelNames(n, "by") : d.by();
        long wait = duration(n, "wait", d.waitMs(), 0);
        long interval = duration(n, "interval", d.intervalMs(), 1);
        long repeat = duration(n, "repeat", d.repeatMs(), 1);
        n.rejectUnknownKeys();
        return new AlertGroupConfig(by, wait, interval, repeat);
    }

    private static List<AlertRuleConfig> rules(ConfigNode n) {
        List<AlertRuleConfig> out = new ArrayList<>();
        for (ConfigNode r : n.list("rules")) {
            out.add(rule(r));
        }
        return out;
    }

    private static AlertRuleConfig rule(ConfigNode r) {
        String name = r.requiredString("name");
        if (!RULE_NAME.matcher(name).matches()) {
            throw new ConfigException(r.keyPath("name"), "got '" + name + "', allowed letters, digits and '_', not starting with a digit");
        }
        AlertRuleConfig.Kind kind = r.parsed("kind", null, t -> AlertRuleConfig.Kind.valueOf(t.toUpperCase(Locale.ROOT)),
                "threshold, rate, absent or event");
        if (kind == null) {
            throw new ConfigException(r.keyPath("kind"), "is required, allowed threshold, rate, absent or event");
        }
        String severity = r.string("severity", "warning").trim().toLowerCase(Locale.ROOT);
        if (!AlertRuleConfig.SEVERITIES.contains(severity)) {
            throw new ConfigException(r.keyPath("severity"), "got '" + severity + "', allowed " + String.join(", ", AlertRuleConfig.SEVERITIES));
        }
        boolean isEvent = kind == AlertRuleConfig.Kind.EVENT;
        String metric = isEvent ? forbidden(r, "metric", kind) : r.requiredString("metric");
        String event = isEvent ? r.requiredString("event") : forbidden(r, "event", kind);
        List<LabelMatcher> matchers = matchers(r, "matchers");
        Optional<AlertRuleConfig.Condition> condition = condition(r, kind);
        long forMs = duration(r, "for", 0, 0);
        long windowMs = kind == AlertRuleConfig.Kind.RATE ? duration(r, "window", 60_000, 1) : notAllowed(r, "window", kind);
        long holdMs = isEvent ? duration(r, "hold", 300_000, 0) : notAllowed(r, "hold", kind);
        if (isEvent && forMs > 0) {
            throw new ConfigException(r.keyPath("for"), "an event rule fires at its event; use hold for how long it stays firing");
        }
        if (kind == AlertRuleConfig.Kind.ABSENT && forMs == 0) {
            throw new ConfigException(r.keyPath("for"), "an absence rule needs how long without data, got none");
        }
        List<String> by = isEvent ? labelNames(r, "by") : List.of();
        Map<String, String> labels = r.textMap("labels");
        for (String key : labels.keySet()) {
            if (key.equals("alertname") || key.equals("severity")) {
                throw new ConfigException(r.keyPath("labels") + "." + key, "is set from the rule's name and severity");
            }
        }
        Map<String, String> annotations = r.textMap("annotations");
        r.rejectUnknownKeys();
        return new AlertRuleConfig(name, kind, severity, metric, event, matchers, condition, forMs, windowMs, holdMs, by, labels, annotations);
    }

    private static Optional<AlertRuleConfig.Condition> condition(ConfigNode r, AlertRuleConfig.Kind kind) {
        String text = r.string("condition", null);
        if (text == null) {
            if (kind == AlertRuleConfig.Kind.THRESHOLD || kind == AlertRuleConfig.Kind.RATE) {
                throw new ConfigException(r.keyPath("condition"), "is required for a " + kind.name().toLowerCase(Locale.ROOT)
                        + " rule, e.g. \"> 32\"");
            }
            return Optional.empty();
        }
        if (kind == AlertRuleConfig.Kind.ABSENT) {
            throw new ConfigException(r.keyPath("condition"), "an absence rule has no condition");
        }
        String t = text.trim();
        int split = 0;
        while (split < t.length() && "<>=!".indexOf(t.charAt(split)) >= 0) {
            split++;
        }
        Optional<AlertRuleConfig.Comparison> op = AlertRuleConfig.Comparison.of(t.substring(0, split));
        try {
            double threshold = Double.parseDouble(t.substring(split).trim());
            if (op.isPresent() && Double.isFinite(threshold)) {
                return Optional.of(new AlertRuleConfig.Condition(op.get(), threshold));
            }
        } catch (NumberFormatException e) {
            // reported below with what is allowed
        }
        throw new ConfigException(r.keyPath("condition"), "got '" + text + "', allowed a comparison (>, >=, <, <=, ==, !=) and a number, e.g. \"> 32\"");
    }

    private static List<AlertRouteConfig> routes(ConfigNode n) {
        List<AlertRouteConfig> out = new ArrayList<>();
        boolean sawDefault = false;
        for (ConfigNode r : n.list("routes")) {
            List<LabelMatcher> matchers = matchers(r, "matchers");
            String minSeverity = r.string("minSeverity", "info").trim().toLowerCase(Locale.ROOT);
            if (!AlertRuleConfig.SEVERITIES.contains(minSeverity)) {
                throw new ConfigException(r.keyPath("minSeverity"), "got '" + minSeverity + "', allowed " + String.join(", ", AlertRuleConfig.SEVERITIES));
            }
            List<String> channels = r.stringList("channels");
            if (channels.isEmpty()) {
                throw new ConfigException(r.keyPath("channels"), "need at least one channel name, got none");
            }
            boolean isDefault = r.bool("default", false);
            if (isDefault && (sawDefault || !matchers.isEmpty())) {
                throw new ConfigException(r.keyPath("default"), sawDefault ? "only one route may be the default"
                        : "the default route takes what no other route matched; it has no matchers");
            }
            sawDefault |= isDefault;
            AlertRouteConfig route;
            try {
                route = new AlertRouteConfig(matchers, minSeverity, channels, r.bool("sendResolved", true), r.bool("continue", false), isDefault);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.path(), e.getMessage());
            }
            r.rejectUnknownKeys();
            out.add(route);
        }
        return out;
    }

    private static List<InhibitRuleConfig> inhibit(ConfigNode n) {
        List<InhibitRuleConfig> out = new ArrayList<>();
        for (ConfigNode i : n.list("inhibit")) {
            List<LabelMatcher> source = matchers(i, "source");
            List<LabelMatcher> target = matchers(i, "target");
            if (source.isEmpty() || target.isEmpty()) {
                throw new ConfigException(i.keyPath(source.isEmpty() ? "source" : "target"), "need at least one matcher, got none");
            }
            List<String> equal = labelNames(i, "equal");
            i.rejectUnknownKeys();
            out.add(new InhibitRuleConfig(source, target, equal));
        }
        return out;
    }

    private static AlertDeliveryConfig delivery(ConfigNode n) {
        AlertDeliveryConfig d = AlertDeliveryConfig.DEFAULT;
        int capacity = n.intValue("queueCapacity", d.queueCapacity(), 1, 100_000);
        double rate = n.doubleValue("ratePerMinute", d.ratePerMinute(), 0.001, 100_000);
        int burst = n.intValue("burst", d.burst(), 1, 100_000);
        int attempts = n.intValue("maxAttempts", d.maxAttempts(), 1, 100);
        long initial = duration(n, "backoffInitial", d.backoffInitialMs(), 1);
        long max = duration(n, "backoffMax", d.backoffMaxMs(), 1);
        if (max < initial) {
            throw new ConfigException(n.keyPath("backoffMax"), "got " + max + " ms, allowed at least backoffInitial (" + initial + " ms)");
        }
        int failingAfter = n.intValue("failingAfter", d.failingAfter(), 1, 1_000);
        n.rejectUnknownKeys();
        return new AlertDeliveryConfig(capacity, rate, burst, attempts, initial, max, failingAfter);
    }

    private static List<LabelMatcher> matchers(ConfigNode n, String key) {
        List<LabelMatcher> out = new ArrayList<>();
        List<String> texts = n.stringList(key);
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(LabelMatcher.parse(texts.get(i).trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(n.keyPath(key) + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static List<String> labelNames(ConfigNode n, String key) {
        List<String> names = n.stringList(key);
        for (int i = 0; i < names.size(); i++) {
            if (!RULE_NAME.matcher(names.get(i)).matches()) {
                throw new ConfigException(n.keyPath(key) + "[" + i + "]", "got '" + names.get(i) + "', allowed a label name");
            }
        }
        return names;
    }

    private static String forbidden(ConfigNode r, String key, AlertRuleConfig.Kind kind) {
        notAllowed(r, key, kind);
        return "";
    }

    private static long notAllowed(ConfigNode r, String key, AlertRuleConfig.Kind kind) {
        if (r.has(key)) {
            throw new ConfigException(r.keyPath(key), "not used by a " + kind.name().toLowerCase(Locale.ROOT) + " rule");
        }
        return 0;
    }

    private static long duration(ConfigNode n, String key, long fallbackMs, long minMs) {
        Long ms = n.parsed(key, null, AlertsConfigReader::durationMs, DURATION);
        if (ms == null) {
            return fallbackMs;
        }
        if (ms < minMs) {
            throw new ConfigException(n.keyPath(key), "got " + ms + " ms, allowed " + minMs + " ms or more");
        }
        return ms;
    }

    /** Milliseconds from {@code 1500}, {@code 1500ms}, {@code 30s}, {@code 5m} or {@code 4h}. */
    static long durationMs(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = t;
        if (t.endsWith("ms")) {
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 's' -> 1_000L;
                case 'm' -> 60_000L;
                default -> 3_600_000L;
            };
            digits = t.substring(0, t.length() - 1);
        }
        long v = Long.parseLong(digits.trim());
        if (v < 0) {
            throw new IllegalArgumentException("negative");
        }
        return Math.multiplyExact(v, unit);
    }
}
