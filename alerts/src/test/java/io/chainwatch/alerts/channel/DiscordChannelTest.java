package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Discord webhooks: one embed per alert, coloured by severity, inside Discord's limits; its JSON retry_after read. */
@Timeout(20)
class DiscordChannelTest {
    @Test
    void executesTheWebhookWithAnEmbedPerAlert() {
        try (ProviderServer server = ProviderServer.start();
             DiscordChannel channel = TestChannels.discord(server.base(), 2000, Optional.of("chainwatch"))) {
            server.reply(204, "", "");
            assertThat(channel.deliver(Samples.two("dc"))).isEqualTo(new Delivery.Delivered("HTTP 204"));

            ProviderServer.Request r = server.take();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/webhooks/112233445566778899/" + TestChannels.DISCORD_TOKEN);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            JsonNode body = Json.read(r.body());
            assertThat(body.path("username").asText()).isEqualTo("chainwatch");
            assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
            assertThat(body.path("allowed_mentions").path("parse").size()).isZero();
            assertThat(body.path("content").asText()).isEqualTo("[FIRING:1] CRITICAL EndpointBenched chain=eth");
            JsonNode firing = body.path("embeds").get(0);
            assertThat(firing.path("title").asText()).isEqualTo("FIRING CRITICAL EndpointBenched");
            assertThat(firing.path("description").asText()).startsWith("rpc-a is benched after <5> errors & timeouts");
            assertThat(firing.path("color").asInt()).isEqualTo(0xE74C3C);
            assertThat(firing.path("timestamp").asText()).isEqualTo("2025-03-01T12:00:00Z");
            assertThat(firing.path("fields").get(0).path("name").asText()).isEqualTo("chain");
            assertThat(firing.path("fields").get(0).path("value").asText()).isEqualTo("eth");
            assertThat(firing.path("fields").get(0).path("inline").asBoolean()).isTrue();
            assertThat(firing.path("footer").path("text").asText()).isEqualTo("fingerprint 3fa1c0de");
            JsonNode resolved = body.path("embeds").get(1);
            assertThat(resolved.path("color").asInt()).isEqualTo(DiscordChannel.RESOLVED_COLOR);
            assertThat(resolved.path("timestamp").asText()).isEqualTo("2025-03-01T12:05:00Z");
            assertThat(resolved.path("description").asText()).contains("Resolved: orphaned by reorg at block 123");
        }
    }

    @Test
    void eachSeverityHasItsColour() {
        assertThat(DiscordChannel.COLORS).containsOnlyKeys(Severity.values());
        assertThat(DiscordChannel.COLORS.values()).doesNotHaveDuplicates().doesNotContain(DiscordChannel.RESOLVED_COLOR);
    }

    @Test
    void manyLongAlertsStayWithinDiscordsLimitsAndAreCounted() {
        try (DiscordChannel channel = TestChannels.discord(java.net.URI.create("http://127.0.0.1:9"), 2000, Optional.empty())) {
            JsonNode body = channel.payload(Samples.of("dc", Samples.many(30, Severity.WARNING)));
            JsonNode embeds = body.path("embeds");
            assertThat(embeds.size()).isBetween(1, DiscordChannel.MAX_EMBEDS);
            int total = 0;
            for (JsonNode e : embeds) {
                assertThat(e.path("title").asText().length()).isLessThanOrEqualTo(256);
                assertThat(e.path("description").asText().length()).isLessThanOrEqualTo(4096);
                assertThat(e.path("fields").size()).isLessThanOrEqualTo(25);
                total += DiscordChannel.textSize(e);
            }
            assertThat(total).isLessThanOrEqualTo(DiscordChannel.MAX_EMBED_CHARS);
            assertThat(body.path("content").asText()).endsWith("(and " + (30 - embeds.size()) + " more alerts)");
            assertThat(body.path("content").asText().length()).isLessThanOrEqualTo(2000);
        }
    }

    @Test
    void rateLimitWaitsForDiscordsRetryAfterInSeconds() {
        try (ProviderServer server = ProviderServer.start(); DiscordChannel channel = TestChannels.discord(server.base(), 2000, Optional.empty())) {
            server.reply(429, "application/json", "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}",
                    "Retry-After", "2");
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("dc"));
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).contains(Duration.ofMillis(1500));
            assertThat(f.reason()).isEqualTo("HTTP 429: You are being rate limited.");
        }
    }

    @Test
    void anUnknownWebhookIsNotRetried() {
        try (ProviderServer server = ProviderServer.start(); DiscordChannel channel = TestChannels.discord(server.base(), 2000, Optional.empty())) {
            server.reply(404, "application/json", "{\"message\": \"Unknown Webhook\", \"code\": 10015}");
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("dc"));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).isEqualTo("HTTP 404: Unknown Webhook");
        }
    }
}
