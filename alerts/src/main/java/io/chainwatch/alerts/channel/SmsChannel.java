package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends an SMS through Twilio's Messages API: {@code POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json},
 * form-encoded {@code To}, {@code From} (or {@code MessagingServiceSid} for an {@code MG...} sender) and
 * {@code Body}, with HTTP basic auth of the account SID and auth token. The body is the notification's
 * title and the alerts' summaries, cut to {@link #MAX_BODY} characters (Twilio takes 1600; fewer segments
 * cost less and read better on a phone). Twilio answers 201 with the message's {@code sid} and {@code status};
 * errors are JSON with {@code code}, {@code message} and {@code more_info}.
 */
public final class SmsChannel extends HttpChannel {
    static final int MAX_BODY = 480;

    private final AlertChannelConfig.Sms config;
    private final URI messages;
    private final String authorization;

    public SmsChannel(AlertChannelConfig.Sms config, InstantSource clock) {
        super(config.name(), new HttpSender(config.name(), config.timeoutMs(), clock,
                Scrubber.ofBasicAuth(config.accountSid(), config.authToken().reveal())));
        this.config = config;
        this.messages = URI.create(config.apiBaseUrl() + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json");
        String pair = config.accountSid() + ":" + config.authToken().reveal();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }


    @Override
    public Delivery deliver(Notification n) {
        HttpRequest request = http.request(messages, "application/x-www-form-urlencoded")
                .header("Authorization", authorization).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(n))).build();
        return http.send(request, answer -> {
            JsonNode body = Json.read(answer.body());
            if (answer.ok()) {
                return new Delivery.Delivered("HTTP " + answer.status() + ", " + body.path("sid").asText("?") + " "
                        + body.path("status").asText(""));
            }
            String message = body.has("code") ? "Twilio error " + body.path("code").asText() + ": " + body.path("message").asText("")
                    : AlertText.cut(answer.body(), 120);
            return http.byStatus(answer, message, java.util.Optional.empty());
        });
    }

    String form(Notification n) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("To", config.to());
        fields.put(config.from().startsWith("MG") ? "MessagingServiceSid" : "From", config.from());
        fields.put("Body", body(n));
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String body(Notification n) {
        StringBuilder sb = new StringBuilder(AlertText.title(n));
        for (Alert a : n.alerts()) {
            sb.append("\n- ").append(a.status() == n.status() ? "" : a.status().name() + " ").append(AlertText.oneLine(a.summary()));
        }
        return AlertText.cut(sb.toString(), MAX_BODY);
    }

    @Override
    public String toString() {
        return "SmsChannel[" + config.name() + ", " + config.apiBaseUrl() + ", to " + config.to() + "]";
    }
}
