package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.AlertChannelConfig;

import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Calls the Bot API's {@code sendMessage} ({@code POST {api}/bot<token>/sendMessage}, JSON) with
 * {@code chat_id}, {@code text} in {@code parse_mode} HTML (so only {@code &}, {@code <} and {@code >} need
 * escaping), link previews off, and {@code disable_notification} for info alerts. The text stays within
 * the 4096 characters a message may hold; alerts that do not fit are counted. The API answers
 * {@code {"ok":true,"result":{...}}}, or {@code ok:false} with {@code error_code}, {@code description} and,
 * when rate limited, {@code parameters.retry_after} in seconds. The token is in the path, so the URL is never printed.
 */
public final class TelegramChannel extends HttpChannel {
    static final int MAX_TEXT = 4096;

    private final AlertChannelConfig.Telegram config;
    private final URI sendMessage;

    public TelegramChannel(AlertChannelConfig.Telegram config, InstantSource clock) {
        this(config, clock, URI.create(config.apiBaseUrl() + "/bot" + config.botToken().reveal() + "/sendMessage"));
    }

    private TelegramChannel(AlertChannelConfig.Telegram config, InstantSource clock, URI sendMessage) {
        super(config.name(), new HttpSender(config.name(), config.timeoutMs(), clock,
                Scrubber.of(config.botToken().reveal(), sendMessage.toString(), sendMessage.getRawPath())));
        this.config = config;
        this.sendMessage = sendMessage;
    }


    @Override
    public Delivery deliver(Notification n) {
        return postJson(sendMessage, payload(n), answer -> {
            JsonNode body = Json.read(answer.body());
            if (answer.ok() && body.path("ok").asBoolean(false)) {
                return new Delivery.Delivered("HTTP " + answer.status() + ", message_id " + body.path("result").path("message_id").asText("?"));
            }
            if (answer.ok()) {
                return new Delivery.Failed("HTTP " + answer.status() + " without ok:true: " + AlertText.cut(answer.body(), 120), false,
                        Optional.empty());
            }
            return http.byStatus(answer, body.path("description").asText(""), HttpSender.seconds(body.path("parameters").get("retry_after")));
        });
    }

    ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        if (config.chatId().matches("-?[0-9]+")) {
            root.put("chat_id", Long.parseLong(config.chatId()));
        } else {
            root.put("chat_id", config.chatId());
        }
        root.put("text", text(n));
        root.put("parse_mode", "HTML");
        root.putObject("link_preview_options").put("is_disabled", true);
        root.put("disable_notification", n.severity() == Severity.INFO);
        return root;
    }

    static String text(Notification n) {
        StringBuilder sb = new StringBuilder("<b>").append(AlertText.escapeMarkup(AlertText.cut(AlertText.title(n), 300))).append("</b>");
        int shown = 0;
        for (Alert a : n.alerts()) {
            String part = "\n\n" + alert(a);
            String more = "\n\n… and " + (n.alerts().size() - shown) + " more alerts";
            if (sb.length() + part.length() + more.length() > MAX_TEXT) {
                sb.append(more);
                break;
            }
            sb.append(part);
            shown++;
        }
        return sb.toString();
    }

    private static String alert(Alert a) {
        StringBuilder sb = new StringBuilder().append("<b>").append(a.status().name()).append(' ').append(a.severity().name())
                .append("</b> ").append(AlertText.escapeMarkup(AlertText.cut(a.name(), 200))).append('\n').append(AlertText.escapeMarkup(AlertText.cut(a.summary(), 1000)));
        String description = a.annotations().get("description");
        if (description != null) {
            sb.append('\n').append(AlertText.escapeMarkup(AlertText.cut(description, 1000)));
        }
        if (!a.labels().isEmpty()) {
            sb.append("\n<code>").append(AlertText.escapeMarkup(AlertText.cut(AlertText.labels(a.labels()), 600))).append("</code>");
        }
        sb.append("\nsince ").append(Json.time(a.startsAt()));
        a.endsAt().ifPresent(t -> sb.append(", ended ").append(Json.time(t)));
        a.resolvedReason().ifPresent(r -> sb.append(" (").append(AlertText.escapeMarkup(AlertText.cut(r, 300))).append(')'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TelegramChannel[" + config.name() + ", " + config.apiBaseUrl() + ", chat " + config.chatId() + "]";
    }
}
