package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Notification;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The words every channel prints the same way: status, severity, labels, the one-line form of an alert. */
final class AlertText {
    private AlertText() {
    }

    static String status(AlertStatus status) {
        return status.name();
    }

    static String severity(Alert alert) {
        return alert.severity().name();
    }

    /** {@code [FIRING:2] CRITICAL EndpointBenched chain=eth}: what a subject line or a title says. */
    static String title(Notification n) {
        long firing = n.alerts().stream().filter(a -> a.status() == AlertStatus.FIRING).count();
        String count = n.status() == AlertStatus.FIRING ? ":" + firing : "";
        Alert first = n.alerts().getFirst();
        String group = n.groupLabels().isEmpty() ? "" : " " + labels(n.groupLabels());
        return "[" + status(n.status()) + count + "] " + n.severity().name() + " " + first.name() + group;
    }

    /** {@code FIRING CRITICAL EndpointBenched: summary {chain=eth, endpoint=a}}. */
    static String line(Alert a) {
        StringBuilder sb = new StringBuilder().append(status(a.status())).append(' ').append(severity(a)).append(' ')
                .append(a.name()).append(": ").append(oneLine(a.summary()));
        if (!a.labels().isEmpty()) {
            sb.append(" {").append(labels(a.labels())).append('}');
        }
        a.resolvedReason().ifPresent(r -> sb.append(" resolved: ").append(oneLine(r)));
        return sb.toString();
    }

    /** One alert of {@code n} as the JSON line the file and console channels write, without its line break. */
    static String jsonLine(Notification n, Alert a, String channel) {
        ObjectNode o = Json.object();
        o.put("sentAt", Json.time(n.sentAt()));
        o.put("channel", channel);
        o.put("groupKey", n.groupKey());
        o.put("status", lower(a.status()));
        o.put("severity", lower(a.severity()));
        o.put("name", a.name());
        o.put("fingerprint", a.fingerprint());
        o.set("labels", Json.map(a.labels()));
        o.set("annotations", Json.map(a.annotations()));
        o.put("startsAt", Json.time(a.startsAt()));
        a.endsAt().ifPresent(t -> o.put("endsAt", Json.time(t)));
        a.resolvedReason().ifPresent(r -> o.put("resolvedReason", r));
        return Json.write(o);
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + oneLine(e.getValue())).collect(Collectors.joining(", "));
    }

    /** Line breaks and other control characters become spaces, so one alert stays on one line. */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }

    /** At most {@code max} characters, ending in an ellipsis when cut; never splits a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Slack's mrkdwn and Telegram's HTML give {@code &}, {@code <} and {@code >} a meaning; both ask for these three as entities. */
    static String escapeMarkup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
