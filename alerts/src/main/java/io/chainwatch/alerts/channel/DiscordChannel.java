package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.alerts.Severity;
import io.chainwatch.core.config.AlertChannelConfig;

import java.net.URI;
import java.time.InstantSource;
import java.util.Map;

/**
 * Executes a Discord webhook with one embed per alert: {@code title}, {@code description}, {@code color} by
 * severity (green once resolved), {@code fields} for the labels (inline), {@code timestamp} and a
 * {@code footer} with the fingerprint, within Discord's limits (10 embeds a message; title 256, description
 * 4096, 25 fields of name 256 and value 1024, footer 2048; 6000 characters over all embeds). Alerts beyond
 * those are counted in {@code content}. {@code allowed_mentions} is empty, so an alert's text can never ping
 * {@code @everyone}. Discord answers 204 (200 with {@code ?wait=true}); on 429 its JSON says
 * {@code retry_after} in seconds.
 */
public final class DiscordChannel extends HttpChannel {
    static final int MAX_EMBEDS = 10;
    static final int MAX_EMBED_CHARS = 6000;
    static final int MAX_FIELDS = 25;
    static final Map<Severity, Integer> COLORS = Map.of(Severity.INFO, 0x3498DB, Severity.WARNING, 0xF1C40F,
            Severity.ERROR, 0xE67E22, Severity.CRITICAL, 0xE74C3C);
    static final int RESOLVED_COLOR = 0x2ECC71;

    private final AlertChannelConfig.Discord config;
    private final URI url;

    public DiscordChannel(AlertChannelConfig.Discord config, InstantSource clock) {
        super(config.name(), new HttpSender(config.name(), config.timeoutMs(), clock, Scrubber.ofUrl(config.url().reveal())));
        this.config = config;
        this.url = URI.create(config.url().reveal());
    }


    @Override
    public Delivery deliver(Notification n) {
        return postJson(url, payload(n), answer -> {
            JsonNode body = Json.read(answer.body());
            return http.byStatus(answer, body.path("message").asText(""), HttpSender.seconds(body.get("retry_after")));
        });
    }

    ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        config.username().ifPresent(u -> root.put("username", u));
        root.putObject("allowed_mentions").putArray("parse");
        ArrayNode embeds = root.putArray("embeds");
        int chars = 0;
        int sent = 0;
        for (Alert a : n.alerts()) {
            ObjectNode embed = embed(a);
            int size = textSize(embed);
            if (sent == MAX_EMBEDS || chars + size > MAX_EMBED_CHARS) {
                break;
            }
            embeds.add(embed);
            chars += size;
            sent++;
        }
        int more = n.alerts().size() - sent;
        root.put("content", AlertText.cut(AlertText.title(n), 1800) + (more > 0 ? " (and " + more + " more alerts)" : ""));
        return root;
    }

    private static ObjectNode embed(Alert a) {
        ObjectNode e = Json.object();
        e.put("title", AlertText.cut(a.status().name() + " " + a.severity().name() + " " + a.name(), 256));
        StringBuilder description = new StringBuilder(a.summary());
        String more = a.annotations().get("description");
        if (more != null) {
            description.append('\n').append(more);
        }
        a.resolvedReason().ifPresent(r -> description.append("\nResolved: ").append(r));
        e.put("description", AlertText.cut(description.toString(), 1500));
        e.put("color", a.status() == AlertStatus.RESOLVED ? RESOLVED_COLOR : COLORS.get(a.severity()));
        ArrayNode fields = e.putArray("fields");
        a.labels().entrySet().stream().limit(MAX_FIELDS).forEach(l -> fields.addObject()
                .put("name", AlertText.cut(l.getKey(), 256)).put("value", AlertText.cut(l.getValue().isBlank() ? "-" : l.getValue(), 256))
                .put("inline", true));
        e.put("timestamp", Json.time(a.endsAt().orElse(a.startsAt())));
        e.putObject("footer").put("text", AlertText.cut("fingerprint " + a.fingerprint(), 256));
        return e;
    }

    /** The characters Discord counts toward its 6000: title, description, field names and values, footer text. */
    static int textSize(JsonNode embed) {
        int size = embed.path("title").asText("").length() + embed.path("description").asText("").length()
                + embed.path("footer").path("text").asText("").length();
        for (JsonNode f : embed.path("fields")) {
            size += f.path("name").asText("").length() + f.path("value").asText("").length();
        }
        return size;
    }

    @Override
    public String toString() {
        return "DiscordChannel[" + config.name() + ", " + Scrubber.redactUrl(config.url().reveal()) + "]";
    }
}
