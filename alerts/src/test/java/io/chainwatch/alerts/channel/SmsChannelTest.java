package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's Messages API: form-encoded To/From/Body under the account, basic auth, and Twilio's error JSON read. */
@Timeout(20)
class SmsChannelTest {
    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void createsAMessageUnderTheAccountWithBasicAuth() {
        try (ProviderServer server = ProviderServer.start(); SmsChannel channel = TestChannels.sms(server.base(), 2000, "+14155550100")) {
            server.reply(201, "application/json", "{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\",\"to\":\"+14155550199\"}");
            assertThat(channel.deliver(Samples.two("pager")))
                    .isEqualTo(new Delivery.Delivered("HTTP 201, SM0123456789abcdef0123456789abcdef queued"));

            ProviderServer.Request r = server.take();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + TestChannels.ACCOUNT_SID + "/Messages.json");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            String basic = Base64.getEncoder().encodeToString((TestChannels.ACCOUNT_SID + ":" + TestChannels.TWILIO_AUTH_TOKEN)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(r.header("Authorization")).isEqualTo("Basic " + basic);
            Map<String, String> form = form(r.body());
            assertThat(form).containsOnlyKeys("To", "From", "Body");
            assertThat(form.get("To")).isEqualTo("+14155550199");
            assertThat(form.get("From")).isEqualTo("+14155550100");
            assertThat(form.get("Body")).isEqualTo("""
                    [FIRING:1] CRITICAL EndpointBenched chain=eth
                    - rpc-a is benched after <5> errors & timeouts
                    - RESOLVED ingest lag above 10 s""");
        }
    }

    @Test
    void aMessagingServiceIsTheSenderWhenConfigured() {
        String service = "MG" + "0123456789abcdef".repeat(2);
        try (SmsChannel channel = TestChannels.sms(java.net.URI.create("http://127.0.0.1:9"), 2000, service)) {
            Map<String, String> form = form(channel.form(Samples.two("pager")));
            assertThat(form).containsEntry("MessagingServiceSid", service).doesNotContainKey("From");
        }
    }

    @Test
    void theBodyIsCutToAFewSegments() {
        String body = SmsChannel.body(Samples.of("pager", Samples.many(10, Severity.CRITICAL)));
        assertThat(body.length()).isEqualTo(SmsChannel.MAX_BODY);
        assertThat(body).endsWith("…");
    }

    @Test
    void twiliosErrorCodeIsTheReasonAndAnInvalidNumberIsNotRetried() {
        try (ProviderServer server = ProviderServer.start(); SmsChannel channel = TestChannels.sms(server.base(), 2000, "+14155550100")) {
            server.reply(400, "application/json", "{\"code\": 21211, \"message\": \"The 'To' number +14155550199 is not a valid phone number.\","
                    + " \"more_info\": \"https://www.twilio.com/docs/errors/21211\", \"status\": 400}");
            Delivery.Failed f = (Delivery.Failed) channel.deliver(Samples.two("pager"));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).isEqualTo("HTTP 400: Twilio error 21211: The 'To' number +14155550199 is not a valid phone number.");
        }
    }
}
