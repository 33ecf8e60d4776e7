package io.chainwatch.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the list {@code alerts.channels} and the environment names users already know into
 * {@link AlertChannelConfig}s, checked once.
 *
 * <p>Each item has {@code name}, {@code type} (console, file, webhook, slack, discord, telegram, email, sms),
 * the keys of its kind and an optional {@code maxPerMinute}. Credentials (webhook URLs, tokens, passwords) are
 * never written into the file: their keys take only a {@code ${ENV_NAME}} reference, and some default to
 * the well-known names ({@code ALERT_WEBHOOK_URL}, {@code DISCORD_WEBHOOK_URL}, {@code TELEGRAM_BOT_TOKEN},
 * {@code TWILIO_AUTH_TOKEN}). Any other text key may also be a {@code ${ENV_NAME}} reference.
 *
 * <p>Without YAML: {@code ALERT_WEBHOOK_URL} set adds a channel {@code webhook}; {@code ENABLE_DISCORD_ALERTS=true}
 * with {@code DISCORD_WEBHOOK_URL} adds {@code discord}; {@code ENABLE_TELEGRAM_ALERTS=true} with
 * {@code TELEGRAM_BOT_TOKEN} and {@code TELEGRAM_CHAT_ID} adds {@code telegram} (each only when no channel of
 * that type is configured). {@code ENABLE_..._ALERTS=false} removes the channels of that type. Errors name the
 * key and never print a secret.
 */
public final class AlertChannelsConfigReader {
    public static final String ALERT_WEBHOOK_URL = "ALERT_WEBHOOK_URL";
    public static final String DISCORD_WEBHOOK_URL = "DISCORD_WEBHOOK_URL";
    public static final String TELEGRAM_BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
    public static final String TELEGRAM_CHAT_ID = "TELEGRAM_CHAT_ID";
    public static final String ENABLE_DISCORD_ALERTS = "ENABLE_DISCORD_ALERTS";
    public static final String ENABLE_TELEGRAM_ALERTS = "ENABLE_TELEGRAM_ALERTS";
    public static final String TWILIO_ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    public static final String TWILIO_AUTH_TOKEN = "TWILIO_AUTH_TOKEN";

    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_MAX_BYTES = 10L << 20;
    static final int DEFAULT_KEEP_FILES = 5;

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+|[^@\\s<>]+@localhost");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern TWILIO_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern MESSAGING_SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,15}|@[A-Za-z][A-Za-z0-9_]{4,31}");
    private static final String TYPES = "console, file, webhook, slack, discord, telegram, email or sms";

    private final Map<String, String> env;

    private AlertChannelsConfigReader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The channels of the {@code alerts:} section {@code alerts} (absent is fine: the environment alone may
     * make channels). Marks {@code channels} as read on {@code alerts}; the caller rejects its other unknown keys.
     *
     * @throws ConfigException naming the key of the first unusable value
     */
    static List<AlertChannelConfig> read(ConfigNode alerts, Map<String, String> env) {
        AlertChannelsConfigReader reader = new AlertChannelsConfigReader(Map.copyOf(env));
        List<AlertChannelConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : alerts.list("channels")) {
            AlertChannelConfig channel = reader.channel(item);
            if (!names.add(channel.name())) {
                throw new ConfigException(item.keyPath("name"), "'" + channel.name() + "' is used by two channels; names must be unique");
            }
            out.add(channel);
        }
        reader.fromEnvironment(out, names);
        return List.copyOf(out);
    }

    // ---- the environment alone ---------------------------------------------------------------

    private void fromEnvironment(List<AlertChannelConfig> out, Set<String> names) {
        String webhookUrl = env.get(ALERT_WEBHOOK_URL);
        if (webhookUrl != null && !webhookUrl.isBlank() && out.stream().noneMatch(c -> c instanceof AlertChannelConfig.Webhook)) {
            add(out, names, new AlertChannelConfig.Webhook("webhook", OptionalInt.empty(), httpUrl(ALERT_WEBHOOK_URL, webhookUrl),
                    Optional.empty(), DEFAULT_TIMEOUT_MS), ALERT_WEBHOOK_URL);
        }
        switchedBy(ENABLE_DISCORD_ALERTS, "discord", out, names, () -> new AlertChannelConfig.Discord("discord", OptionalInt.empty(),
                httpUrl(DISCORD_WEBHOOK_URL, required(DISCORD_WEBHOOK_URL, ENABLE_DISCORD_ALERTS)), Optional.empty(), DEFAULT_TIMEOUT_MS));
        switchedBy(ENABLE_TELEGRAM_ALERTS, "telegram", out, names, () -> new AlertChannelConfig.Telegram("telegram", OptionalInt.empty(),
                AlertChannelConfig.Telegram.DEFAULT_API, Secret.of(required(TELEGRAM_BOT_TOKEN, ENABLE_TELEGRAM_ALERTS)),
                chatId(TELEGRAM_CHAT_ID, required(TELEGRAM_CHAT_ID, ENABLE_TELEGRAM_ALERTS)), DEFAULT_TIMEOUT_MS));
    }

    /** ENABLE_..._ALERTS: true adds the kind's channel when none is configured, false removes every channel of the kind. */
    private void switchedBy(String switchName, String type, List<AlertChannelConfig> out, Set<String> names,
                            java.util.function.Supplier<AlertChannelConfig> make) {
        String text = env.get(switchName);
        if (text == null || text.isBlank()) {
            return;
        }
        boolean on = switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(switchName, "got '" + text + "', allowed true or false");
        };
        if (!on) {
            out.removeIf(c -> c.type().equals(type));
        } else if (out.stream().noneMatch(c -> c.type().equals(type))) {
            add(out, names, make.get(), switchName);
        }
    }

    private static void add(List<AlertChannelConfig> out, Set<String> names, AlertChannelConfig channel, String envName) {
        if (!names.add(channel.name())) {
            throw new ConfigException(envName, "would add a channel named '" + channel.name()
                    + "', but alerts.channels already has a channel of another type by that name; rename it");
        }
        out.add(channel);
    }

    private String required(String envName, String because) {
        String v = env.get(envName);
        if (v == null || v.isBlank()) {
            throw new ConfigException(envName, "is not set, but " + because + " asks for that channel");
        }
        return v.trim();
    }

    // ---- one item of alerts.channels ---------------------------------------------------------

    private AlertChannelConfig channel(ConfigNode n) {
        String name = n.requiredString("name").trim();
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(n.keyPath("name"), "got '" + name + "', allowed lower-case letters, digits, '-' and '_' (at most 64)");
        }
        String type = n.requiredString("type").trim().toLowerCase(Locale.ROOT);
        long perMinute = n.longValue("maxPerMinute", 0, 1, 100_000);
        OptionalInt maxPerMinute = perMinute == 0 ? OptionalInt.empty() : OptionalInt.of((int) perMinute);
        AlertChannelConfig out = switch (type) {
            case "console" -> new AlertChannelConfig.Console(name, maxPerMinute,
                    n.parsed("stream", "stdout", s -> AlertChannelConfig.Stream.valueOf(s.toUpperCase(Locale.ROOT)), "stdout or stderr"),
                    Optional.ofNullable(n.parsed("format", null, s -> AlertChannelConfig.Format.valueOf(s.toUpperCase(Locale.ROOT)),
                            "text or json")));
            case "file" -> file(n, name, maxPerMinute);
            case "webhook" -> new AlertChannelConfig.Webhook(name, maxPerMinute, urlSecret(n, "url", ALERT_WEBHOOK_URL),
                    optionalSecret(n, "bearerToken"), timeoutMs(n));
            case "slack" -> new AlertChannelConfig.Slack(name, maxPerMinute, urlSecret(n, "url", null), timeoutMs(n));
            case "discord" -> new AlertChannelConfig.Discord(name, maxPerMinute, urlSecret(n, "url", DISCORD_WEBHOOK_URL),
                    Optional.ofNullable(text(n, "username", null)).map(u -> bounded(n, "username", u, 80)), timeoutMs(n));
            case "telegram" -> new AlertChannelConfig.Telegram(name, maxPerMinute,
                    apiBase(n, AlertChannelConfig.Telegram.DEFAULT_API), secret(n, "botToken", TELEGRAM_BOT_TOKEN),
                    chatId(n.keyPath("chatId"), requiredText(n, "chatId", TELEGRAM_CHAT_ID)), timeoutMs(n));
            case "email" -> email(n, name, maxPerMinute);
            case "sms" -> sms(n, name, maxPerMinute);
            default -> throw new ConfigException(n.keyPath("type"), "got '" + type + "', allowed " + TYPES);
        };
        n.rejectUnknownKeys();
        return out;
    }

    private AlertChannelConfig.File file(ConfigNode n, String name, OptionalInt maxPerMinute) {
        Path path = Path.of(requiredText(n, "path", null));
        long maxBytes = n.longValue("maxBytes", DEFAULT_MAX_BYTES, 4096, 1L << 40);
        int keep = n.intValue("keepFiles", DEFAULT_KEEP_FILES, 1, 1000);
        boolean fsync = n.bool("fsync", true);
        return new AlertChannelConfig.File(name, maxPerMinute, path, maxBytes, keep, fsync);
    }

    private AlertChannelConfig.Email email(ConfigNode n, String name, OptionalInt maxPerMinute) {
        String host = requiredText(n, "host", null).trim();
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new ConfigException(n.keyPath("host"), "got '" + host + "', allowed a host name or IP address");
        }
        AlertChannelConfig.EmailTls tls = n.parsed("tls", "starttls",
                s -> AlertChannelConfig.EmailTls.valueOf(s.toUpperCase(Locale.ROOT)), "starttls, implicit or none");
        int defaultPort = switch (tls) {
            case STARTTLS -> 587;
            case IMPLICIT -> 465;
            case NONE -> 25;
        };
        int port = n.intValue("port", defaultPort, 1, 65_535);
        Optional<String> username = Optional.ofNullable(text(n, "username", null));
        Optional<Secret> password = optionalSecret(n, "password");
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException(n.keyPath(username.isPresent() ? "password" : "username"), "missing: username and password come together");
        }
        if (tls == AlertChannelConfig.EmailTls.NONE && username.isPresent()) {
            throw new ConfigException(n.keyPath("tls"), "got none with a username: the password would cross the network in the clear; "
                    + "allowed starttls or implicit");
        }
        String from = emailAddress(n.keyPath("from"), requiredText(n, "from", null));
        List<String> to = new ArrayList<>();
        List<String> given = n.stringList("to");
        for (int i = 0; i < given.size(); i++) {
            to.add(emailAddress(n.keyPath("to") + "[" + i + "]", resolve(n.keyPath("to") + "[" + i + "]", given.get(i))));
        }
        if (to.isEmpty()) {
            throw new ConfigException(n.keyPath("to"), "need at least one recipient, got none");
        }
        Optional<Path> trust = Optional.ofNullable(text(n, "trustCertificate", null)).map(Path::of);
        return new AlertChannelConfig.Email(name, maxPerMinute, host, port, tls, username, password, from, to, trust, timeoutMs(n));
    }

    private AlertChannelConfig.Sms sms(ConfigNode n, String name, OptionalInt maxPerMinute) {
        String sid = requiredText(n, "accountSid", TWILIO_ACCOUNT_SID).trim();
        if (!TWILIO_SID.matcher(sid).matches()) {
            throw new ConfigException(n.keyPath("accountSid"), "allowed 'AC' and 32 hex digits; the value given is not shown");
        }
        String from = requiredText(n, "from", null).trim();
        if (!E164.matcher(from).matches() && !MESSAGING_SERVICE.matcher(from).matches()) {
            throw new ConfigException(n.keyPath("from"), "got '" + from + "', allowed a number in E.164 form (+14155550100) "
                    + "or a messaging service SID (MG and 32 hex digits)");
        }
        String to = requiredText(n, "to", null).trim();
        if (!E164.matcher(to).matches()) {
            throw new ConfigException(n.keyPath("to"), "got '" + to + "', allowed one number in E.164 form (+14155550100)");
        }
        return new AlertChannelConfig.Sms(name, maxPerMinute, apiBase(n, AlertChannelConfig.Sms.DEFAULT_API), sid,
                secret(n, "authToken", TWILIO_AUTH_TOKEN), from, to, timeoutMs(n));
    }

    // ---- values --------------------------------------------------------------------------------

    private static long timeoutMs(ConfigNode n) {
        return n.longValue("timeoutMs", DEFAULT_TIMEOUT_MS, 100, 300_000);
    }

    /** A plain text value; a {@code ${ENV_NAME}} reference is replaced by that variable. */
    private String text(ConfigNode n, String key, String fallback) {
        String v = n.string(key, null);
        return v == null ? fallback : resolve(n.keyPath(key), v);
    }

    private String requiredText(ConfigNode n, String key, String envDefault) {
        String v = text(n, key, envDefault == null ? null : env.get(envDefault));
        if (v == null || v.isBlank()) {
            throw new ConfigException(n.keyPath(key), "is required, got none" + (envDefault == null ? "" : " (nor " + envDefault + ")"));
        }
        return v;
    }

    private String resolve(String path, String value) {
        Matcher m = REFERENCE.matcher(value.trim());
        if (!m.matches()) {
            if (value.contains("${")) {
                throw new ConfigException(path, "got '" + value + "', allowed ${NAME} alone, with NAME an environment variable");
            }
            return value;
        }
        String v = env.get(m.group(1));
        if (v == null || v.isBlank()) {
            throw new ConfigException(path, "refers to ${" + m.group(1) + "}, which is not set in the environment");
        }
        return v.trim();
    }

    /**
     * A credential: only a {@code ${ENV_NAME}} reference is allowed, so none is written into a file; when the
     * key is absent {@code envDefault} is read.
     */
    private Secret secret(ConfigNode n, String key, String envDefault) {
        Optional<Secret> s = secretOrDefault(n, key, envDefault);
        return s.orElseThrow(() -> new ConfigException(n.keyPath(key), "is required, got none"
                + (envDefault == null ? "" : " (nor " + envDefault + ")") + "; give it as ${ENV_NAME}"));
    }

    private Optional<Secret> optionalSecret(ConfigNode n, String key) {
        return secretOrDefault(n, key, null);
    }

    private Optional<Secret> secretOrDefault(ConfigNode n, String key, String envDefault) {
        String given = n.string(key, null);
        if (given == null) {
            String v = envDefault == null ? null : env.get(envDefault);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(Secret.of(v.trim()));
        }
        if (!REFERENCE.matcher(given.trim()).matches()) {
            // Not echoed: a token pasted here by mistake must not reach a log.
            throw new ConfigException(n.keyPath(key), "allowed only a reference ${ENV_NAME} to an environment variable that holds it, "
                    + "never the secret itself; the value given is not shown");
        }
        return Optional.of(Secret.of(resolve(n.keyPath(key), given)));
    }

    /** A webhook URL: a secret (its token is in the path) that must be an absolute http or https URL. */
    private Secret urlSecret(ConfigNode n, String key, String envDefault) {
        Secret s = secret(n, key, envDefault);
        return httpUrl(n.keyPath(key), s.reveal());
    }

    private static Secret httpUrl(String path, String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(value, "not http");
            }
            return Secret.of(uri.toString());
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "allowed an absolute http or https URL; the value given is not shown (it holds a token)");
        }
    }

    private URI apiBase(ConfigNode n, URI fallback) {
        String v = text(n, "apiBaseUrl", null);
        if (v == null) {
            return fallback;
        }
        try {
            URI uri = new URI(v.trim().replaceAll("/+$", ""));
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getRawQuery() != null) {
                throw new URISyntaxException(v, "not an http base");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(n.keyPath("apiBaseUrl"), "got '" + Redact.url(v) + "', allowed an absolute http or https URL "
                    + "without a query (default " + fallback + ")");
        }
    }

    private static String chatId(String path, String value) {
        String v = value.trim();
        if (!CHAT_ID.matcher(v).matches()) {
            throw new ConfigException(path, "got '" + v + "', allowed a numeric chat id (groups are negative) or @channelusername");
        }
        return v;
    }

    private static String emailAddress(String path, String value) {
        String v = value.trim();
        if (!EMAIL.matcher(v).matches()) {
            throw new ConfigException(path, "got '" + v + "', allowed an address such as ops@example.com");
        }
        return v;
    }

    private static String bounded(ConfigNode n, String key, String value, int max) {
        if (value.isBlank() || value.length() > max) {
            throw new ConfigException(n.keyPath(key), "got '" + value + "', allowed 1 to " + max + " characters");
        }
        return value;
    }
}
