package io.chainwatch.alerts.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack incoming webhooks: text plus blocks, mrkdwn escaped, and Slack's text error codes read. */
@Timeout(20)
class SlackChannelTest {
    @Test
    void postsTextAndBlocksWithMrkdwnEscaped() {
        try (ProviderServer server = ProviderServer.start(); SlackChannel channel = TestChannels.slack(server.base(), 2000)) {
            server.reply(200, "text/html", "ok");
            assertThat(channel.deliver(Samples.two("ops"))).isEqualTo(new Delivery.Delivered("HTTP 200"));

            ProviderServer.Request r = server.take();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/services/T0001/B0001/" + TestChannels.SLACK_TOKEN);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            JsonNode body = Json.read(r.body());
            assertThat(body.path("text").asText()).isEqualTo("[FIRING:1] CRITICAL EndpointBenched chain=eth");
            JsonNode blocks = body.path("blocks");
            assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
            assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
            assertThat(blocks.get(1).path("type").asText()).isEqualTo("section");
            assertThat(blocks.get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
            assertThat(blocks.get(1).path("text").path("text").asText())
                    .contains("*FIRING* · *CRITICAL* · *EndpointBenched*")
                    .contains("rpc-a is benched after &lt;5&gt; errors &amp; timeouts")
                    .contains("`chain=eth`").contains("`endpoint=rpc-a`");
            assertThat(blocks.get(2).path("text").path("text").asText()).contains("orphaned by reorg at block 123");
            assertThat(blocks.get(3).path("type").asText()).isEqualTo("context");
        }
    }

    @Test
    void manyAlertsStayWithinSlacksBlockLimits() {
        JsonNode body = SlackChannel.payload(Samples.of("ops", Samples.many(60, Severity.ERROR)));
        assertThat(body.path("blocks").size()).isLessThanOrEqualTo(50);
        for (JsonNode b : body.path("blocks")) {
            assertThat(b.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
        }
        assertThat(body.path("blocks").get(0).path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
        assertThat(body.path("blocks").get(body.path("blocks").size() - 1).path("elements").get(0).path("text").asText())
                .contains("and 40 more alerts");
    }

    @Test
    void slacksErrorCodeIsTheReasonAndARemovedHookIsNotRetried() {
        try (ProviderServer server = ProviderServer.start(); SlackChannel channel = TestChannels.slack(server.base(), 2000)) {
            server.reply(404, "text/html", "no_service").reply(410, "text/html", "channel_is_archived");
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("ops"));
            assertThat(f.reason()).isEqualTo("HTTP 404: no_service");
            assertThat(f.retryable()).isFalse();
            assertThat(((Delivery.Failed) channel.deliver(Samples.two("ops"))).reason()).isEqualTo("HTTP 410: channel_is_archived");
        }
    }
}
