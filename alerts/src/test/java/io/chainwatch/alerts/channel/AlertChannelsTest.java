package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.core.config.AlertChannelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class AlertChannelsTest {
    @TempDir
    Path dir;

    @Test
    void eachConfiguredKindBecomesItsChannelInOrder() {
        URI base = URI.create("http://127.0.0.1:9");
        List<AlertChannelConfig> configs = new ArrayList<>();
        configs.add(new AlertChannelConfig.Console("out", OptionalInt.empty(), AlertChannelConfig.Stream.STDOUT,
                Optional.of(AlertChannelConfig.Format.JSON)));
        configs.add(new AlertChannelConfig.Console("err", OptionalInt.empty(), AlertChannelConfig.Stream.STDERR, Optional.empty()));
        configs.add(new AlertChannelConfig.File("log", OptionalInt.empty(), dir.resolve("a.jsonl"), 1 << 20, 2, true));
        for (TestChannels.Kind kind : TestChannels.Kind.values()) {
            configs.add(kind.config(base, 1000));
        }
        configs.add(EmailChannelTest.config(AlertChannelConfig.EmailTls.STARTTLS, 587, TestChannels.SMTP_PASSWORD, Optional.empty()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<AlertChannel> channels = AlertChannels.fromConfig(configs, Samples.CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), AlertChannelConfig.Format.TEXT);
        try {
            assertThat(channels).extracting(AlertChannel::name).containsExactly("out", "err", "log", "hook", "ops", "dc", "tg", "pager", "mail");
            assertThat(channels).extracting(c -> c.getClass().getSimpleName()).containsExactly("ConsoleChannel", "ConsoleChannel",
                    "FileChannel", "WebhookChannel", "SlackChannel", "DiscordChannel", "TelegramChannel", "SmsChannel", "EmailChannel");
            assertThat(channels.get(1).deliver(Samples.two("err"))).isInstanceOf(Delivery.Delivered.class);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("2025-").contains("FIRING CRITICAL EndpointBenched");
            assertThat(out.size()).isZero();
            // A console channel naming its format keeps it; one that does not follows the logs'.
            assertThat(channels.get(0).deliver(Samples.two("out"))).isInstanceOf(Delivery.Delivered.class);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("{\"sentAt\":");
        } finally {
            channels.forEach(AlertChannel::close);
        }
    }

    @Test
    void aChannelThatCannotBeMadeIsAnErrorNamingIt() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        List<AlertChannelConfig> configs = List.of(
                new AlertChannelConfig.File("good", OptionalInt.empty(), dir.resolve("good.jsonl"), 1 << 20, 2, true),
                new AlertChannelConfig.File("bad", OptionalInt.empty(), notADirectory.resolve("alerts.jsonl"), 1 << 20, 2, true));
        assertThatThrownBy(() -> AlertChannels.fromConfig(configs, Samples.CLOCK, AlertChannelConfig.Format.TEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("alert channel bad: cannot open");
    }
}
