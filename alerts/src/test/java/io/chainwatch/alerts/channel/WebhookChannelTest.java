package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The generic webhook sends Alertmanager's webhook JSON, so receivers written for Alertmanager take it unchanged. */
@Timeout(20)
class WebhookChannelTest {
    @Test
    void postsAlertmanagersWebhookJsonWithTheBearerToken() {
        try (ProviderServer server = ProviderServer.start(); WebhookChannel channel = TestChannels.webhook(server.base(), 2000)) {
            server.reply(200, "text/plain", "");
            Delivery d = channel.deliver(Samples.two("hook"));
            assertThat(d).isEqualTo(new Delivery.Delivered("HTTP 200"));

            ProviderServer.Request r = server.take();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hook/" + TestChannels.WEBHOOK_PATH_SECRET);
            assertThat(r.query()).isEqualTo("key=" + TestChannels.WEBHOOK_QUERY_SECRET);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestChannels.BEARER);
            JsonNode body = Json.read(r.body());
            assertThat(body.path("version").asText()).isEqualTo("4");
            assertThat(body.path("status").asText()).isEqualTo("firing");
            assertThat(body.path("receiver").asText()).isEqualTo("hook");
            assertThat(body.path("groupKey").asText()).isEqualTo("{}:{chain=\"eth\"}");
            assertThat(body.path("truncatedAlerts").asInt()).isZero();
            assertThat(body.path("groupLabels").path("chain").asText()).isEqualTo("eth");
            assertThat(body.path("commonLabels").path("chain").asText()).isEqualTo("eth");
            assertThat(body.path("commonLabels").has("endpoint")).isFalse();
            assertThat(body.has("commonAnnotations")).isTrue();
            assertThat(body.has("externalURL")).isTrue();

            JsonNode firing = body.path("alerts").get(0);
            assertThat(firing.path("status").asText()).isEqualTo("firing");
            assertThat(firing.path("labels").path("alertname").asText()).isEqualTo("EndpointBenched");
            assertThat(firing.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(firing.path("labels").path("endpoint").asText()).isEqualTo("rpc-a");
            assertThat(firing.path("annotations").path("summary").asText()).isEqualTo("rpc-a is benched after <5> errors & timeouts");
            assertThat(firing.path("startsAt").asText()).isEqualTo("2025-03-01T12:00:00Z");
            assertThat(firing.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(firing.path("fingerprint").asText()).isEqualTo("3fa1c0de");
            assertThat(firing.has("generatorURL")).isTrue();

            JsonNode resolved = body.path("alerts").get(1);
            assertThat(resolved.path("status").asText()).isEqualTo("resolved");
            assertThat(resolved.path("endsAt").asText()).isEqualTo("2025-03-01T12:05:00Z");
            assertThat(resolved.path("annotations").path("resolved_reason").asText()).isEqualTo("orphaned by reorg at block 123");
        }
    }

    @Test
    void aWebhookWithoutABearerTokenOrQuerySendsWithoutAuthorization() {
        try (ProviderServer server = ProviderServer.start();
             WebhookChannel channel = new WebhookChannel(new io.chainwatch.core.config.AlertChannelConfig.Webhook("hook",
                     java.util.OptionalInt.empty(), io.chainwatch.core.config.Secret.of(server.base() + "/hook/" + TestChannels.WEBHOOK_PATH_SECRET),
                     java.util.Optional.empty(), 2000), Samples.CLOCK)) {
            server.reply(200, "text/plain", "");
            assertThat(channel.deliver(Samples.two("hook"))).isEqualTo(new Delivery.Delivered("HTTP 200"));
            ProviderServer.Request r = server.take();
            assertThat(r.path()).isEqualTo("/hook/" + TestChannels.WEBHOOK_PATH_SECRET);
            assertThat(r.header("Authorization")).isNull();
            assertThat(channel.toString()).doesNotContain(TestChannels.WEBHOOK_PATH_SECRET);
        }
    }

    @Test
    void theReceiversRefusalIsShownWithoutTheUrl() {
        try (ProviderServer server = ProviderServer.start(); WebhookChannel channel = TestChannels.webhook(server.base(), 2000)) {
            server.reply(404, "text/plain", r -> "no route for " + r.path() + "?" + r.query());
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("hook"));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("HTTP 404: no route for ***").doesNotContain(TestChannels.WEBHOOK_PATH_SECRET,
                    TestChannels.WEBHOOK_QUERY_SECRET);
            assertThat(channel.toString()).isEqualTo("WebhookChannel[hook, http://127.0.0.1:" + server.base().getPort() + "/***]");
        }
    }
}
