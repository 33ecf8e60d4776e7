package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;

import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Posts to a Slack incoming webhook: JSON with {@code text} (the title, what notifications and old clients
 * show) and {@code blocks}: a {@code header} (plain text, at most 150 characters), one {@code section} of
 * mrkdwn per alert (at most {@link #MAX_ALERT_BLOCKS}, each at most 3000 characters) and a {@code context}
 * line with the group. Slack answers 200 {@code ok}; errors are text codes ({@code invalid_payload},
 * {@code no_service}, {@code channel_is_archived}) under 400, 403, 404 or 410, which another try will not fix,
 * and 429 with Retry-After or 5xx, which it may.
 */
public final class SlackChannel extends HttpChannel {
    static final int MAX_ALERT_BLOCKS = 20;
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;

    private final AlertChannelConfig.Slack config;
    private final URI url;

    public SlackChannel(AlertChannelConfig.Slack config, InstantSource clock) {
        super(config.name(), new HttpSender(config.name(), config.timeoutMs(), clock, Scrubber.ofUrl(config.url().reveal())));
        this.config = config;
        this.url = URI.create(config.url().reveal());
    }


    @Override
    public Delivery deliver(Notification n) {
        return postJson(url, payload(n), answer -> http.byStatus(answer, AlertText.cut(answer.body(), 120), Optional.empty()));
    }

    static ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        String title = AlertText.title(n);
        root.put("text", AlertText.escapeMarkup(title));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", AlertText.cut(title, HEADER_MAX));
        for (Alert a : n.alerts().subList(0, Math.min(n.alerts().size(), MAX_ALERT_BLOCKS))) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", AlertText.cut(section(a), SECTION_MAX));
        }
        int more = n.alerts().size() - MAX_ALERT_BLOCKS;
        String context = "group " + AlertText.escapeMarkup(n.groupKey()) + (more > 0 ? " · and " + more + " more alerts" : "");
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", context);
        return root;
    }

    private static String section(Alert a) {
        StringBuilder sb = new StringBuilder().append('*').append(a.status().name()).append("* · *").append(a.severity().name())
                .append("* · *").append(AlertText.escapeMarkup(a.name())).append("*\n").append(AlertText.escapeMarkup(a.summary()));
        String description = a.annotations().get("description");
        if (description != null) {
            sb.append('\n').append(AlertText.escapeMarkup(description));
        }
        if (!a.labels().isEmpty()) {
            sb.append('\n');
            a.labels().forEach((k, v) -> sb.append('`').append(AlertText.escapeMarkup(k + "=" + v).replace("`", "'")).append("` "));
        }
        sb.append("\nsince ").append(Json.time(a.startsAt()));
        a.endsAt().ifPresent(t -> sb.append(", ended ").append(Json.time(t)));
        a.resolvedReason().ifPresent(r -> sb.append(" (").append(AlertText.escapeMarkup(r)).append(')'));
        sb.append(" · fp ").append(AlertText.escapeMarkup(a.fingerprint()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SlackChannel[" + config.name() + ", " + Scrubber.redactUrl(config.url().reveal()) + "]";
    }
}
