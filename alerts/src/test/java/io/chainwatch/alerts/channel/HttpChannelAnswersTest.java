package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Delivery;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What every HTTP channel makes of the answers all providers may give: refusals, rate limits, outages, silence. */
@Timeout(20)
class HttpChannelAnswersTest {
    private static Delivery.Failed failed(Delivery d) {
        assertThat(d).isInstanceOf(Delivery.Failed.class);
        return (Delivery.Failed) d;
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void badRequestIsNotRetryable(TestChannels.Kind kind) {
        try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 2000)) {
            server.reply(400, "application/json", "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request\",\"message\":\"Bad Request\"}");
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).startsWith("HTTP 400");
            assertThat(f.retryAfter()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void serverErrorIsRetryable(TestChannels.Kind kind) {
        try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 2000)) {
            server.reply(500, "text/plain", "internal error");
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).startsWith("HTTP 500");
        }
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void tooManyRequestsIsRetryableAfterTheRetryAfterHeader(TestChannels.Kind kind) {
        try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 2000)) {
            server.reply(429, "text/plain", "rate limited", "Retry-After", "7");
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).contains(Duration.ofSeconds(7));
        }
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void unavailableWithARetryAfterDateWaitsUntilThatDate(TestChannels.Kind kind) {
        String in90s = DateTimeFormatter.RFC_1123_DATE_TIME.format(Samples.SENT.plusSeconds(90).atOffset(ZoneOffset.UTC));
        try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 2000)) {
            server.reply(503, "text/plain", "maintenance", "Retry-After", in90s);
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).contains(Duration.ofSeconds(90));
        }
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void noAnswerWithinTheTimeoutIsRetryable(TestChannels.Kind kind) {
        try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 300)) {
            server.hang();
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).isEqualTo("no answer within 300 ms");
        }
    }

    @ParameterizedTest
    @EnumSource(TestChannels.Kind.class)
    void aRefusedConnectionIsRetryable(TestChannels.Kind kind) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HttpChannel channel = kind.make(URI.create("http://127.0.0.1:" + port), 2000)) {
            Delivery.Failed f = failed(channel.deliver(Samples.two(channel.name())));
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).startsWith("connection failed: ");
            assertThat(f.retryAfter()).isEqualTo(Optional.empty());
        }
    }
}
