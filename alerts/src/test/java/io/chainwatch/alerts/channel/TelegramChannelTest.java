package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Telegram's sendMessage: HTML text escaped and within 4096 characters, and the Bot API's ok/error envelope read. */
@Timeout(20)
class TelegramChannelTest {
    private static final String OK = "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":-1001234567890,\"type\":\"supergroup\"},"
            + "\"date\":1740830760,\"text\":\"...\"}}";

    @Test
    void callsSendMessageWithEscapedHtml() {
        try (ProviderServer server = ProviderServer.start(); TelegramChannel channel = TestChannels.telegram(server.base(), 2000, "-1001234567890")) {
            server.reply(200, "application/json", OK);
            assertThat(channel.deliver(Samples.two("tg"))).isEqualTo(new Delivery.Delivered("HTTP 200, message_id 42"));

            ProviderServer.Request r = server.take();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/bot" + TestChannels.BOT_TOKEN + "/sendMessage");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            JsonNode body = Json.read(r.body());
            assertThat(body.path("chat_id").isNumber()).isTrue();
            assertThat(body.path("chat_id").asLong()).isEqualTo(-1001234567890L);
            assertThat(body.path("parse_mode").asText()).isEqualTo("HTML");
            assertThat(body.path("link_preview_options").path("is_disabled").asBoolean()).isTrue();
            assertThat(body.path("disable_notification").asBoolean()).isFalse();
            String text = body.path("text").asText();
            assertThat(text).startsWith("<b>[FIRING:1] CRITICAL EndpointBenched chain=eth</b>")
                    .contains("<b>FIRING CRITICAL</b> EndpointBenched\nrpc-a is benched after &lt;5&gt; errors &amp; timeouts")
                    .contains("<code>chain=eth, endpoint=rpc-a</code>")
                    .contains("<b>RESOLVED WARNING</b> StreamLag").contains("(orphaned by reorg at block 123)")
                    .doesNotContain("<5>");
        }
    }

    @Test
    void aChannelUsernameIsSentAsTextAndInfoAlertsAreSilent() {
        try (TelegramChannel channel = TestChannels.telegram(java.net.URI.create("http://127.0.0.1:9"), 2000, "@chainwatch_ops")) {
            JsonNode body = channel.payload(Samples.of("tg", Samples.many(1, Severity.INFO)));
            assertThat(body.path("chat_id").isTextual()).isTrue();
            assertThat(body.path("chat_id").asText()).isEqualTo("@chainwatch_ops");
            assertThat(body.path("disable_notification").asBoolean()).isTrue();
        }
    }

    @Test
    void manyAlertsStayWithinTheMessageLimitAndAreCounted() {
        String text = TelegramChannel.text(Samples.of("tg", Samples.many(40, Severity.ERROR)));
        assertThat(text.length()).isLessThanOrEqualTo(TelegramChannel.MAX_TEXT);
        assertThat(text).containsPattern("… and \\d+ more alerts$");
    }

    @Test
    void rateLimitWaitsForTheBotApisRetryAfter() {
        try (ProviderServer server = ProviderServer.start(); TelegramChannel channel = TestChannels.telegram(server.base(), 2000, "42")) {
            server.reply(429, "application/json", "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\","
                    + "\"parameters\":{\"retry_after\":3}}");
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("tg"));
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(f.reason()).isEqualTo("HTTP 429: Too Many Requests: retry after 3");
        }
    }

    @Test
    void anUnknownChatIsNotRetriedAndAnAnswerWithoutOkIsNotDelivered() {
        try (ProviderServer server = ProviderServer.start(); TelegramChannel channel = TestChannels.telegram(server.base(), 2000, "42")) {
            server.reply(400, "application/json", "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}")
                    .reply(200, "text/html", "<html>captive portal</html>");
            Delivery.Failed chat = (Delivery.Failed) channel.deliver(Samples.two("tg"));
            assertThat(chat.retryable()).isFalse();
            assertThat(chat.reason()).isEqualTo("HTTP 400: Bad Request: chat not found");
            assertThat(channel.deliver(Samples.two("tg"))).isInstanceOf(Delivery.Failed.class);
        }
    }
}
