package io.chainwatch.alerts.channel;

import io.chainwatch.core.config.AlertChannelConfig;
import io.chainwatch.core.config.Secret;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The HTTP channels pointed at a local {@link ProviderServer}, with credentials the leak tests look for. */
final class TestChannels {
    static final String SLACK_TOKEN = "slackSecretXoXb0123456789";
    static final String DISCORD_TOKEN = "discordSecretTokenAbCdEf0123456789";
    static final String WEBHOOK_PATH_SECRET = "webhookPathSecret0123";
    static final String WEBHOOK_QUERY_SECRET = "webhookQuerySecret4567";
    static final String BEARER = "bearerSecretToken890";
    static final String BOT_TOKEN = "7011223344:telegramSecretAAH0123456789";
    static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);
    static final String TWILIO_AUTH_TOKEN = "twilioAuthSecret0123456789";
    static final String SMTP_PASSWORD = "smtpPasswordSecret!42";
    static final List<String> SECRETS = List.of(SLACK_TOKEN, DISCORD_TOKEN, WEBHOOK_PATH_SECRET, WEBHOOK_QUERY_SECRET, BEARER, BOT_TOKEN,
            "telegramSecretAAH0123456789", TWILIO_AUTH_TOKEN, SMTP_PASSWORD,
            java.util.Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + TWILIO_AUTH_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    /** The kinds of HTTP channel, each able to make itself against a base URL. */
    enum Kind {
        WEBHOOK, SLACK, DISCORD, TELEGRAM, SMS;

        AlertChannelConfig config(URI base, long timeoutMs) {
            return switch (this) {
                case WEBHOOK -> webhookConfig(base, timeoutMs);
                case SLACK -> slackConfig(base, timeoutMs);
                case DISCORD -> discordConfig(base, timeoutMs, Optional.empty());
                case TELEGRAM -> telegramConfig(base, timeoutMs, "-1001234567890");
                case SMS -> smsConfig(base, timeoutMs, "+14155550100");
            };
        }

        HttpChannel make(URI base, long timeoutMs) {
            return (HttpChannel) AlertChannels.of(config(base, timeoutMs), Samples.CLOCK, System.out, System.err, AlertChannelConfig.Format.TEXT);
        }
    }

    private TestChannels() {
    }

    static AlertChannelConfig.Webhook webhookConfig(URI base, long timeoutMs) {
        return new AlertChannelConfig.Webhook("hook", OptionalInt.empty(),
                Secret.of(base + "/hook/" + WEBHOOK_PATH_SECRET + "?key=" + WEBHOOK_QUERY_SECRET), Optional.of(Secret.of(BEARER)), timeoutMs);
    }

    static AlertChannelConfig.Slack slackConfig(URI base, long timeoutMs) {
        return new AlertChannelConfig.Slack("ops", OptionalInt.empty(), Secret.of(base + "/services/T0001/B0001/" + SLACK_TOKEN), timeoutMs);
    }

    static AlertChannelConfig.Discord discordConfig(URI base, long timeoutMs, Optional<String> username) {
        return new AlertChannelConfig.Discord("dc", OptionalInt.empty(),
                Secret.of(base + "/api/webhooks/112233445566778899/" + DISCORD_TOKEN), username, timeoutMs);
    }

    static AlertChannelConfig.Telegram telegramConfig(URI base, long timeoutMs, String chatId) {
        return new AlertChannelConfig.Telegram("tg", OptionalInt.empty(), base, Secret.of(BOT_TOKEN), chatId, timeoutMs);
    }

    static AlertChannelConfig.Sms smsConfig(URI base, long timeoutMs, String from) {
        return new AlertChannelConfig.Sms("pager", OptionalInt.empty(), base, ACCOUNT_SID, Secret.of(TWILIO_AUTH_TOKEN), from,
                "+14155550199", timeoutMs);
    }

    static WebhookChannel webhook(URI base, long timeoutMs) {
        return new WebhookChannel(webhookConfig(base, timeoutMs), Samples.CLOCK);
    }

    static SlackChannel slack(URI base, long timeoutMs) {
        return new SlackChannel(slackConfig(base, timeoutMs), Samples.CLOCK);
    }

    static DiscordChannel discord(URI base, long timeoutMs, Optional<String> username) {
        return new DiscordChannel(discordConfig(base, timeoutMs, username), Samples.CLOCK);
    }

    static TelegramChannel telegram(URI base, long timeoutMs, String chatId) {
        return new TelegramChannel(telegramConfig(base, timeoutMs, chatId), Samples.CLOCK);
    }

    static SmsChannel sms(URI base, long timeoutMs, String from) {
        return new SmsChannel(smsConfig(base, timeoutMs, from), Samples.CLOCK);
    }
}
