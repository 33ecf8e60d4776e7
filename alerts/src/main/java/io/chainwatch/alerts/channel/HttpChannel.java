package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;

import java.net.URI;
import java.net.http.HttpRequest;

/** What the HTTP channels share: a name, an {@link HttpSender} they own, and a JSON POST. */
abstract class HttpChannel implements AlertChannel {
    private final String name;
    final HttpSender http;

    HttpChannel(String name, HttpSender http) {
        this.name = name;
        this.http = http;
    }

    @Override
    public final String name() {
        return name;
    }

    Delivery postJson(URI uri, JsonNode body, HttpSender.AnswerReader reader) {
        return http.send(http.request(uri, "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), reader);
    }

    @Override
    public final void close() {
        http.close();
    }
}
