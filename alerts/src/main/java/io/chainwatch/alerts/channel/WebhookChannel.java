package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;
import io.chainwatch.core.config.Secret;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * POSTs Alertmanager's webhook JSON (version 4), so any receiver written for Alertmanager takes it:
 * {@code version}, {@code groupKey}, {@code truncatedAlerts}, {@code status}, {@code receiver} (the channel's
 * name), {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations}, {@code externalURL} and
 * {@code alerts[]} with {@code status}, {@code labels}, {@code annotations}, {@code startsAt}, {@code endsAt}
 * ({@code 0001-01-01T00:00:00Z} while firing, as Alertmanager writes it), {@code generatorURL} and
 * {@code fingerprint}. Each alert's labels carry {@code alertname} and {@code severity} as Alertmanager's do;
 * a resolved alert's reason is the annotation {@code resolved_reason}.
 */
public final class WebhookChannel extends HttpChannel {
    static final int MAX_ALERTS = 1000;
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private final AlertChannelConfig.Webhook config;
    private final URI url;

    public WebhookChannel(AlertChannelConfig.Webhook config, InstantSource clock) {
        super(config.name(), new HttpSender(config.name(), config.timeoutMs(), clock,
                Scrubber.ofUrl(config.url().reveal(), config.bearerToken().map(Secret::reveal).orElse(null))));
        this.config = config;
        this.url = URI.create(config.url().reveal());
    }


    @Override
    public Delivery deliver(Notification n) {
        HttpRequest.Builder request = http.request(url, "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload(n))));
        config.bearerToken().ifPresent(t -> request.header("Authorization", "Bearer " + t.reveal()));
        return http.send(request.build(), answer -> http.byStatus(answer, AlertText.cut(answer.body(), 200), java.util.Optional.empty()));
    }

    ObjectNode payload(Notification n) {
        ObjectNode root = Json.object();
        root.put("version", "4");
        root.put("groupKey", n.groupKey());
        int sent = Math.min(n.alerts().size(), MAX_ALERTS);
        root.put("truncatedAlerts", n.alerts().size() - sent);
        root.put("status", AlertText.lower(n.status()));
        root.put("receiver", config.name());
        root.set("groupLabels", Json.map(n.groupLabels()));
        Map<String, String> commonLabels = null;
        Map<String, String> commonAnnotations = null;
        ArrayNode alerts = root.putArray("alerts");
        for (Alert a : n.alerts().subList(0, sent)) {
            Map<String, String> labels = labels(a);
            Map<String, String> annotations = annotations(a);
            commonLabels = common(commonLabels, labels);
            commonAnnotations = common(commonAnnotations, annotations);
            ObjectNode o = alerts.addObject();
            o.put("status", AlertText.lower(a.status()));
            o.set("labels", Json.map(labels));
            o.set("annotations", Json.map(annotations));
            o.put("startsAt", Json.time(a.startsAt()));
            o.put("endsAt", a.endsAt().map(Json::time).orElse(NEVER));
            o.put("generatorURL", "");
            o.put("fingerprint", a.fingerprint());
        }
        root.set("commonLabels", Json.map(commonLabels));
        root.set("commonAnnotations", Json.map(commonAnnotations));
        root.put("externalURL", "");
        return root;
    }

    private static Map<String, String> labels(Alert a) {
        Map<String, String> out = new TreeMap<>(a.labels());
        out.putIfAbsent("alertname", a.name());
        out.putIfAbsent("severity", AlertText.lower(a.severity()));
        return out;
    }

    private static Map<String, String> annotations(Alert a) {
        Map<String, String> out = new TreeMap<>(a.annotations());
        a.resolvedReason().ifPresent(r -> out.put("resolved_reason", r));
        return out;
    }

    /** The pairs both maps hold; the first map seen is taken whole. */
    private static Map<String, String> common(Map<String, String> sofar, Map<String, String> next) {
        if (sofar == null) {
            return new TreeMap<>(next);
        }
        Map<String, String> out = new HashMap<>(sofar);
        out.entrySet().removeIf(e -> !e.getValue().equals(next.get(e.getKey())));
        return new TreeMap<>(out);
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + config.name() + ", " + Scrubber.redactUrl(config.url().reveal()) + "]";
    }
}
