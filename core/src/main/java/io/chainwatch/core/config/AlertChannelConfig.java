package io.chainwatch.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One place alerts are delivered to, one item of {@code alerts.channels}, checked once by
 * {@link AlertChannelsConfigReader}. Credentials are {@link Secret}s, so these records print without them.
 */
public sealed interface AlertChannelConfig {
    /** The channel's name, unique among channels; routes and history refer to it. */
    String name();

    /** The most notifications a minute the engine lets through to it; empty when unlimited. */
    OptionalInt maxPerMinute();

    /** The {@code type} key's value for this kind. */
    String type();

    private static void check(String name, OptionalInt maxPerMinute) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maxPerMinute, "maxPerMinute");
    }

    /** Where console lines go. */
    enum Stream { STDOUT, STDERR }

    /** How console lines read: a readable line, or the JSON object the file channel writes. */
    enum Format { TEXT, JSON }

    /** How the SMTP connection is protected: STARTTLS on a plain connection (587), TLS from the start (465), or none (25, no AUTH). */
    enum EmailTls { STARTTLS, IMPLICIT, NONE }

    /**
     * One line per alert on standard output or standard error.
     *
     * @param format the lines' format; empty when they follow the logs' ({@code CHAINWATCH_LOG_FORMAT}), so that a log
     *               shipper reading JSON lines reads the alerts too
     */
    record Console(String name, OptionalInt maxPerMinute, Stream stream, Optional<Format> format) implements AlertChannelConfig {
        /** The channel alerts go to when none is configured. */
        public static final Console STDOUT = new Console("console", OptionalInt.empty(), Stream.STDOUT, Optional.empty());

        public Console {
            check(name, maxPerMinute);
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(format, "format");
        }

        @Override
        public String type() {
            return "console";
        }
    }

    /**
     * JSON lines appended to {@code path}; when the next write would pass {@code maxBytes} the file becomes
     * {@code path.1} (older ones shift up) and at most {@code keepFiles} rotated files are kept.
     *
     * @param fsync whether each write is forced to the disk before the delivery counts as done
     */
    record File(String name, OptionalInt maxPerMinute, Path path, long maxBytes, int keepFiles, boolean fsync)
            implements AlertChannelConfig {
        public File {
            check(name, maxPerMinute);
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String type() {
            return "file";
        }
    }

    /** Alertmanager's webhook JSON POSTed to {@code url}; {@code bearerToken} goes in the Authorization header. */
    record Webhook(String name, OptionalInt maxPerMinute, Secret url, Optional<Secret> bearerToken, long timeoutMs)
            implements AlertChannelConfig {
        public Webhook {
            check(name, maxPerMinute);
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(bearerToken, "bearerToken");
        }

        @Override
        public String type() {
            return "webhook";
        }
    }

    /** A Slack incoming webhook ({@code https://hooks.slack.com/services/...}). */
    record Slack(String name, OptionalInt maxPerMinute, Secret url, long timeoutMs) implements AlertChannelConfig {
        public Slack {
            check(name, maxPerMinute);
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String type() {
            return "slack";
        }
    }

    /** A Discord webhook ({@code https://discord.com/api/webhooks/{id}/{token}}); {@code username} overrides the webhook's name. */
    record Discord(String name, OptionalInt maxPerMinute, Secret url, Optional<String> username, long timeoutMs)
            implements AlertChannelConfig {
        public Discord {
            check(name, maxPerMinute);
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(username, "username");
        }

        @Override
        public String type() {
            return "discord";
        }
    }

    /** The Bot API's sendMessage at {@code apiBaseUrl} (by default {@code https://api.telegram.org}) to {@code chatId}. */
    record Telegram(String name, OptionalInt maxPerMinute, URI apiBaseUrl, Secret botToken, String chatId, long timeoutMs)
            implements AlertChannelConfig {
        public static final URI DEFAULT_API = URI.create("https://api.telegram.org");

        public Telegram {
            check(name, maxPerMinute);
            Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
            Objects.requireNonNull(botToken, "botToken");
            Objects.requireNonNull(chatId, "chatId");
        }

        @Override
        public String type() {
            return "telegram";
        }
    }

    /**
     * E-mail over SMTP. {@code username} and {@code password} come together; {@code trustCertificate} is a PEM
     * file of a certificate (or its CA) to trust instead of the platform's CAs, for a server with a private CA.
     */
    record Email(String name, OptionalInt maxPerMinute, String host, int port, EmailTls tls, Optional<String> username,
                 Optional<Secret> password, String from, List<String> to, Optional<Path> trustCertificate, long timeoutMs)
            implements AlertChannelConfig {
        public Email {
            check(name, maxPerMinute);
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(from, "from");
            to = List.copyOf(to);
            Objects.requireNonNull(trustCertificate, "trustCertificate");
        }

        @Override
        public String type() {
            return "email";
        }
    }

    /**
     * SMS through Twilio's Messages API at {@code apiBaseUrl} (by default {@code https://api.twilio.com}), from a
     * number or a messaging service ({@code MG...}) to one number; the account SID and auth token are the basic-auth pair.
     */
    record Sms(String name, OptionalInt maxPerMinute, URI apiBaseUrl, String accountSid, Secret authToken, String from,
               String to, long timeoutMs) implements AlertChannelConfig {
        public static final URI DEFAULT_API = URI.create("https://api.twilio.com");

        public Sms {
            check(name, maxPerMinute);
            Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
            Objects.requireNonNull(accountSid, "accountSid");
            Objects.requireNonNull(authToken, "authToken");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String type() {
            return "sms";
        }
    }
}
