package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.core.config.AlertChannelConfig;

import java.io.PrintStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Builds the channels {@code alerts.channels} describes. */
public final class AlertChannels {
    private AlertChannels() {
    }

    /**
     * The channels, in the configured order; console channels print to {@link System#out} or {@link System#err}, in
     * {@code logFormat} unless they name a format.
     */
    public static List<AlertChannel> fromConfig(List<AlertChannelConfig> configs, InstantSource clock, AlertChannelConfig.Format logFormat) {
        return fromConfig(configs, clock, System.out, System.err, logFormat);
    }

    /**
     * @throws IllegalArgumentException when a channel cannot be made (its file cannot be opened, its certificate
     *                                  read); the channels made before it are closed
     */
    public static List<AlertChannel> fromConfig(List<AlertChannelConfig> configs, InstantSource clock, PrintStream stdout,
                                                PrintStream stderr, AlertChannelConfig.Format logFormat) {
        List<AlertChannel> out = new ArrayList<>();
        try {
            for (AlertChannelConfig c : configs) {
                out.add(of(c, clock, stdout, stderr, logFormat));
            }
        } catch (RuntimeException e) {
            out.forEach(AlertChannel::close);
            throw e;
        }
        return List.copyOf(out);
    }

    static AlertChannel of(AlertChannelConfig c, InstantSource clock, PrintStream stdout, PrintStream stderr, AlertChannelConfig.Format logFormat) {
        return switch (c) {
            case AlertChannelConfig.Console console -> new ConsoleChannel(console.name(),
                    console.stream() == AlertChannelConfig.Stream.STDERR ? stderr : stdout, console.format().orElse(logFormat));
            case AlertChannelConfig.File file -> new FileChannel(file);
            case AlertChannelConfig.Webhook webhook -> new WebhookChannel(webhook, clock);
            case AlertChannelConfig.Slack slack -> new SlackChannel(slack, clock);
            case AlertChannelConfig.Discord discord -> new DiscordChannel(discord, clock);
            case AlertChannelConfig.Telegram telegram -> new TelegramChannel(telegram, clock);
            case AlertChannelConfig.Email email -> new EmailChannel(email, clock);
            case AlertChannelConfig.Sms sms -> new SmsChannel(sms, clock);
        };
    }
}
