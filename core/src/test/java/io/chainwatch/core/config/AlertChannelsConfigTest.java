package io.chainwatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** alerts.channels and the environment names users know: every kind, every name, and bad values refused by key, secrets unprinted. */
@Timeout(10)
class AlertChannelsConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/slacksecrettoken123";
    private static final String DISCORD_URL = "https://discord.com/api/webhooks/123456789/discordsecrettoken456";
    private static final String WEBHOOK_URL = "https://alerts.example.com/hook?key=webhooksecret789";
    private static final String BOT_TOKEN = "123456:telegramsecrettokenABC";
    private static final String SID = "AC" + "0123456789abcdef".repeat(2);

    static List<AlertChannelConfig> read(String yaml, Map<String, String> env) {
        try {
            JsonNode root = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
            return AlertChannelsConfigReader.read(new ConfigNode("", root).object("alerts"), env);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String channels(String items) {
        return "alerts:\n  channels:\n" + items.indent(4);
    }

    @Test
    void eachKindReadsItsKeysWithSecretsFromReferencedVariables() {
        Map<String, String> env = Map.of("SLACK_URL", SLACK_URL, "SMTP_PASSWORD", "smtp-secret-pw", "TWILIO_AUTH_TOKEN", "twiliosecret",
                "WEBHOOK_TOKEN", "bearer-secret", "MY_WEBHOOK", WEBHOOK_URL, "MY_DISCORD", DISCORD_URL, "MY_BOT", BOT_TOKEN);
        List<AlertChannelConfig> all = read(channels("""
                - { name: out, type: console }
                - { name: err, type: console, stream: stderr, maxPerMinute: 30, format: JSON }
                - { name: log, type: file, path: /var/log/chainwatch/alerts.jsonl, maxBytes: 1048576, keepFiles: 3, fsync: false }
                - { name: hook, type: webhook, url: "${MY_WEBHOOK}", bearerToken: "${WEBHOOK_TOKEN}", timeoutMs: 2000 }
                - { name: ops, type: slack, url: "${SLACK_URL}" }
                - { name: dc, type: discord, url: "${MY_DISCORD}", username: chainwatch }
                - { name: tg, type: telegram, botToken: "${MY_BOT}", chatId: "-1001234567890", apiBaseUrl: "http://127.0.0.1:9/" }
                - name: mail
                  type: email
                  host: smtp.example.com
                  username: alerts@example.com
                  password: "${SMTP_PASSWORD}"
                  from: alerts@example.com
                  to: [ ops@example.com, oncall@example.com ]
                - { name: pager, type: sms, accountSid: %s, from: "+14155550100", to: "+14155550199" }
                """.formatted(SID)), env);

        assertThat(all).extracting(AlertChannelConfig::name).containsExactly("out", "err", "log", "hook", "ops", "dc", "tg", "mail", "pager");
        assertThat(all.get(0)).isEqualTo(new AlertChannelConfig.Console("out", OptionalInt.empty(), AlertChannelConfig.Stream.STDOUT,
                Optional.empty()));
        assertThat(all.get(1)).isEqualTo(new AlertChannelConfig.Console("err", OptionalInt.of(30), AlertChannelConfig.Stream.STDERR,
                Optional.of(AlertChannelConfig.Format.JSON)));
        assertThat(all.get(2)).isEqualTo(new AlertChannelConfig.File("log", OptionalInt.empty(), Path.of("/var/log/chainwatch/alerts.jsonl"),
                1_048_576, 3, false));
        AlertChannelConfig.Webhook hook = (AlertChannelConfig.Webhook) all.get(3);
        assertThat(hook.url().reveal()).isEqualTo(WEBHOOK_URL);
        assertThat(hook.bearerToken().orElseThrow().reveal()).isEqualTo("bearer-secret");
        assertThat(hook.timeoutMs()).isEqualTo(2000);
        AlertChannelConfig.Slack slack = (AlertChannelConfig.Slack) all.get(4);
        assertThat(slack.url().reveal()).isEqualTo(SLACK_URL);
        assertThat(slack.timeoutMs()).isEqualTo(AlertChannelsConfigReader.DEFAULT_TIMEOUT_MS);
        AlertChannelConfig.Discord discord = (AlertChannelConfig.Discord) all.get(5);
        assertThat(discord.url().reveal()).isEqualTo(DISCORD_URL);
        assertThat(discord.username()).contains("chainwatch");
        AlertChannelConfig.Telegram tg = (AlertChannelConfig.Telegram) all.get(6);
        assertThat(tg.botToken().reveal()).isEqualTo(BOT_TOKEN);
        assertThat(tg.chatId()).isEqualTo("-1001234567890");
        assertThat(tg.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9"));
        AlertChannelConfig.Email mail = (AlertChannelConfig.Email) all.get(7);
        assertThat(mail.tls()).isEqualTo(AlertChannelConfig.EmailTls.STARTTLS);
        assertThat(mail.port()).isEqualTo(587);
        assertThat(mail.password().orElseThrow().reveal()).isEqualTo("smtp-secret-pw");
        assertThat(mail.to()).containsExactly("ops@example.com", "oncall@example.com");
        AlertChannelConfig.Sms sms = (AlertChannelConfig.Sms) all.get(8);
        assertThat(sms.apiBaseUrl()).isEqualTo(AlertChannelConfig.Sms.DEFAULT_API);
        assertThat(sms.authToken().reveal()).isEqualTo("twiliosecret");
        assertThat(sms.to()).isEqualTo("+14155550199");

        assertThat(all.toString()).doesNotContain("slacksecrettoken123", "discordsecrettoken456", "webhooksecret789", "telegramsecrettokenABC",
                "smtp-secret-pw", "twiliosecret", "bearer-secret");
    }

    @Test
    void implicitTlsDefaultsToPort465() {
        AlertChannelConfig.Email mail = (AlertChannelConfig.Email) read(channels("""
                - { name: m, type: email, host: smtp.example.com, tls: implicit, from: a@example.com, to: [b@example.com] }
                """), Map.of()).getFirst();
        assertThat(mail.port()).isEqualTo(465);
        assertThat(mail.username()).isEmpty();
    }

    @Test
    void alertWebhookUrlAloneMakesAWebhookChannel() {
        List<AlertChannelConfig> all = read("", Map.of("ALERT_WEBHOOK_URL", WEBHOOK_URL));
        assertThat(all).hasSize(1);
        AlertChannelConfig.Webhook w = (AlertChannelConfig.Webhook) all.getFirst();
        assertThat(w.name()).isEqualTo("webhook");
        assertThat(w.url().reveal()).isEqualTo(WEBHOOK_URL);
    }

    @Test
    void alertWebhookUrlIsTheDefaultUrlOfAConfiguredWebhookChannel() {
        List<AlertChannelConfig> all = read(channels("- { name: hook, type: webhook }"), Map.of("ALERT_WEBHOOK_URL", WEBHOOK_URL));
        assertThat(all).hasSize(1);
        assertThat(((AlertChannelConfig.Webhook) all.getFirst()).url().reveal()).isEqualTo(WEBHOOK_URL);
    }

    @Test
    void enableDiscordAlertsWithItsUrlMakesADiscordChannel() {
        List<AlertChannelConfig> all = read("", Map.of("ENABLE_DISCORD_ALERTS", "true", "DISCORD_WEBHOOK_URL", DISCORD_URL));
        assertThat(all).hasSize(1);
        AlertChannelConfig.Discord d = (AlertChannelConfig.Discord) all.getFirst();
        assertThat(d.name()).isEqualTo("discord");
        assertThat(d.url().reveal()).isEqualTo(DISCORD_URL);
    }

    @Test
    void discordWebhookUrlWithoutTheSwitchOnlyServesAsTheDefault() {
        assertThat(read("", Map.of("DISCORD_WEBHOOK_URL", DISCORD_URL))).isEmpty();
        List<AlertChannelConfig> all = read(channels("- { name: dc, type: discord }"), Map.of("DISCORD_WEBHOOK_URL", DISCORD_URL));
        assertThat(((AlertChannelConfig.Discord) all.getFirst()).url().reveal()).isEqualTo(DISCORD_URL);
    }

    @Test
    void enableDiscordAlertsWithoutTheUrlIsAnErrorNamingTheMissingVariable() {
        assertThatThrownBy(() -> read("", Map.of("ENABLE_DISCORD_ALERTS", "true")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DISCORD_WEBHOOK_URL: is not set");
    }

    @Test
    void enableTelegramAlertsWithTokenAndChatMakesATelegramChannel() {
        List<AlertChannelConfig> all = read("", Map.of("ENABLE_TELEGRAM_ALERTS", "yes", "TELEGRAM_BOT_TOKEN", BOT_TOKEN,
                "TELEGRAM_CHAT_ID", "42"));
        AlertChannelConfig.Telegram t = (AlertChannelConfig.Telegram) all.getFirst();
        assertThat(t.name()).isEqualTo("telegram");
        assertThat(t.botToken().reveal()).isEqualTo(BOT_TOKEN);
        assertThat(t.chatId()).isEqualTo("42");
        assertThat(t.apiBaseUrl()).isEqualTo(AlertChannelConfig.Telegram.DEFAULT_API);
    }

    @Test
    void telegramTokenAndChatVariablesAreTheDefaultsOfATelegramChannel() {
        List<AlertChannelConfig> all = read(channels("- { name: tg, type: telegram }"),
                Map.of("TELEGRAM_BOT_TOKEN", BOT_TOKEN, "TELEGRAM_CHAT_ID", "@chainwatch_ops"));
        AlertChannelConfig.Telegram t = (AlertChannelConfig.Telegram) all.getFirst();
        assertThat(t.botToken().reveal()).isEqualTo(BOT_TOKEN);
        assertThat(t.chatId()).isEqualTo("@chainwatch_ops");
    }

    @Test
    void enableTelegramAlertsWithoutTheChatIsAnErrorNamingIt() {
        assertThatThrownBy(() -> read("", Map.of("ENABLE_TELEGRAM_ALERTS", "true", "TELEGRAM_BOT_TOKEN", BOT_TOKEN)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("TELEGRAM_CHAT_ID: is not set")
                .hasMessageNotContaining("telegramsecrettokenABC");
        assertThatThrownBy(() -> read("", Map.of("ENABLE_TELEGRAM_ALERTS", "true", "TELEGRAM_CHAT_ID", "42")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("TELEGRAM_BOT_TOKEN: is not set");
    }

    @Test
    void switchesSetToFalseRemoveTheChannelsOfTheirKind() {
        Map<String, String> env = new HashMap<>(Map.of("ENABLE_DISCORD_ALERTS", "false", "ENABLE_TELEGRAM_ALERTS", "0",
                "DISCORD_WEBHOOK_URL", DISCORD_URL, "TELEGRAM_BOT_TOKEN", BOT_TOKEN, "TELEGRAM_CHAT_ID", "42"));
        List<AlertChannelConfig> all = read(channels("""
                - { name: dc, type: discord }
                - { name: tg, type: telegram }
                - { name: out, type: console }
                """), env);
        assertThat(all).extracting(AlertChannelConfig::name).containsExactly("out");
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseIsAnErrorNamingIt() {
        assertThatThrownBy(() -> read("", Map.of("ENABLE_DISCORD_ALERTS", "maybe", "DISCORD_WEBHOOK_URL", DISCORD_URL)))
                .isInstanceOf(ConfigException.class).hasMessage("ENABLE_DISCORD_ALERTS: got 'maybe', allowed true or false");
        assertThatThrownBy(() -> read("", Map.of("ENABLE_TELEGRAM_ALERTS", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ENABLE_TELEGRAM_ALERTS: got 'sometimes'");
    }

    @Test
    void aConfiguredChannelOfTheKindIsNotDoubledByTheSwitch() {
        List<AlertChannelConfig> all = read(channels("- { name: dc, type: discord }"),
                Map.of("ENABLE_DISCORD_ALERTS", "true", "DISCORD_WEBHOOK_URL", DISCORD_URL));
        assertThat(all).extracting(AlertChannelConfig::name).containsExactly("dc");
    }

    @Test
    void anEnvironmentChannelWhoseNameIsTakenIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> read(channels("- { name: discord, type: console }"),
                Map.of("ENABLE_DISCORD_ALERTS", "true", "DISCORD_WEBHOOK_URL", DISCORD_URL)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ENABLE_DISCORD_ALERTS: would add a channel named 'discord'");
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefusedWithoutBeingPrinted() {
        assertThatThrownBy(() -> read(channels("- { name: ops, type: slack, url: \"" + SLACK_URL + "\" }"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("alerts.channels[0].url: allowed only a reference ${ENV_NAME}")
                .hasMessageNotContaining("slacksecrettoken123");
        assertThatThrownBy(() -> read(channels("- { name: tg, type: telegram, chatId: 1, botToken: \"" + BOT_TOKEN + "\" }"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("alerts.channels[0].botToken: allowed only a reference")
                .hasMessageNotContaining("telegramsecrettokenABC");
    }

    @Test
    void aReferenceToAnUnsetVariableNamesTheKeyAndTheVariable() {
        assertThatThrownBy(() -> read(channels("- { name: ops, type: slack, url: \"${SLACK_URL}\" }"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("alerts.channels[0].url: refers to ${SLACK_URL}, which is not set in the environment");
    }

    @Test
    void aWebhookUrlThatIsNotHttpIsRefusedWithoutBeingPrinted() {
        assertThatThrownBy(() -> read(channels("- { name: ops, type: slack, url: \"${SLACK_URL}\" }"),
                Map.of("SLACK_URL", "ftp://hooks.slack.com/services/secretpart987")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("alerts.channels[0].url: allowed an absolute http or https URL")
                .hasMessageNotContaining("secretpart987");
        assertThatThrownBy(() -> read("", Map.of("ALERT_WEBHOOK_URL", "not a url secretpart987")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ALERT_WEBHOOK_URL: allowed an absolute http or https URL")
                .hasMessageNotContaining("secretpart987");
    }

    @Test
    void aMissingSecretNamesTheKeyAndItsDefaultVariable() {
        assertThatThrownBy(() -> read(channels("- { name: dc, type: discord }"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("alerts.channels[0].url: is required, got none (nor DISCORD_WEBHOOK_URL)");
        assertThatThrownBy(() -> read(channels("- { name: ops, type: slack }"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("alerts.channels[0].url: is required, got none");
        assertThatThrownBy(() -> read(channels("- { name: tg, type: telegram, botToken: \"${T}\" }"), Map.of("T", BOT_TOKEN)))
                .isInstanceOf(ConfigException.class).hasMessage("alerts.channels[0].chatId: is required, got none (nor TELEGRAM_CHAT_ID)");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyTheValueAndWhatIsAllowed() {
        Map<String, String> env = Map.of("PW", "pw-secret", "TWILIO_AUTH_TOKEN", "tok");
        assertThatThrownBy(() -> read(channels("- { name: x, type: pager }"), env))
                .hasMessage("alerts.channels[0].type: got 'pager', allowed console, file, webhook, slack, discord, telegram, email or sms");
        assertThatThrownBy(() -> read(channels("- { name: Bad Name, type: console }"), env))
                .hasMessageStartingWith("alerts.channels[0].name: got 'Bad Name', allowed lower-case letters");
        assertThatThrownBy(() -> read(channels("- { name: x, type: console }\n- { name: x, type: console }"), env))
                .hasMessage("alerts.channels[1].name: 'x' is used by two channels; names must be unique");
        assertThatThrownBy(() -> read(channels("- { name: x, type: console, colour: red }"), env))
                .hasMessageStartingWith("alerts.channels[0].colour: unknown key; allowed:");
        assertThatThrownBy(() -> read(channels("- { name: x, type: console, stream: printer }"), env))
                .hasMessage("alerts.channels[0].stream: got 'printer', allowed stdout or stderr");
        assertThatThrownBy(() -> read(channels("- { name: x, type: console, format: yaml }"), env))
                .hasMessage("alerts.channels[0].format: got 'yaml', allowed text or json");
        assertThatThrownBy(() -> read(channels("- { name: x, type: console, maxPerMinute: 0 }"), env))
                .hasMessage("alerts.channels[0].maxPerMinute: got 0, allowed 1 to 100000");
        assertThatThrownBy(() -> read(channels("- { name: f, type: file }"), env))
                .hasMessage("alerts.channels[0].path: is required, got none");
        assertThatThrownBy(() -> read(channels("- { name: f, type: file, path: a.jsonl, maxBytes: 10 }"), env))
                .hasMessage("alerts.channels[0].maxBytes: got 10, allowed 4096 to 1099511627776");
        assertThatThrownBy(() -> read(channels("- { name: t, type: telegram, botToken: \"${PW}\", chatId: \"my chat\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].chatId: got 'my chat', allowed a numeric chat id");
        assertThatThrownBy(() -> read(channels("- { name: t, type: telegram, botToken: \"${PW}\", chatId: 1, apiBaseUrl: \"ftp://x\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].apiBaseUrl: got 'ftp://x', allowed an absolute http or https URL");
        assertThatThrownBy(() -> read(channels("- { name: m, type: email, host: h, from: nobody, to: [a@example.com] }"), env))
                .hasMessage("alerts.channels[0].from: got 'nobody', allowed an address such as ops@example.com");
        assertThatThrownBy(() -> read(channels("- { name: m, type: email, host: h, from: a@example.com }"), env))
                .hasMessage("alerts.channels[0].to: need at least one recipient, got none");
        assertThatThrownBy(() -> read(channels("- { name: m, type: email, host: h, tls: none, username: u, password: \"${PW}\", "
                + "from: a@example.com, to: [b@example.com] }"), env))
                .hasMessageStartingWith("alerts.channels[0].tls: got none with a username").hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> read(channels("- { name: m, type: email, host: h, username: u, from: a@example.com, to: [b@example.com] }"), env))
                .hasMessage("alerts.channels[0].password: missing: username and password come together");
        assertThatThrownBy(() -> read(channels("- { name: m, type: email, host: h, tls: ssl, from: a@example.com, to: [b@example.com] }"), env))
                .hasMessage("alerts.channels[0].tls: got 'ssl', allowed starttls, implicit or none");
        assertThatThrownBy(() -> read(channels("- { name: s, type: sms, accountSid: AC12, from: \"+14155550100\", to: \"+14155550199\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].accountSid: allowed 'AC' and 32 hex digits");
        assertThatThrownBy(() -> read(channels("- { name: s, type: sms, accountSid: " + SID + ", from: \"555\", to: \"+14155550199\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].from: got '555', allowed a number in E.164 form");
        assertThatThrownBy(() -> read(channels("- { name: s, type: sms, accountSid: " + SID + ", from: \"+14155550100\", to: \"0155\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].to: got '0155', allowed one number in E.164 form");
        assertThatThrownBy(() -> read(channels("- { name: x, type: webhook, url: \"${A}${B}\" }"), env))
                .hasMessageStartingWith("alerts.channels[0].url: allowed only a reference");
    }

    @Test
    void twilioVariablesAreTheDefaultsOfAnSmsChannel() {
        AlertChannelConfig.Sms sms = (AlertChannelConfig.Sms) read(channels("- { name: s, type: sms, from: MG" + "0123456789abcdef".repeat(2)
                + ", to: \"+14155550199\" }"), Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "tok")).getFirst();
        assertThat(sms.accountSid()).isEqualTo(SID);
        assertThat(sms.authToken().reveal()).isEqualTo("tok");
        assertThat(sms.from()).startsWith("MG");
        assertThat(sms.toString()).doesNotContain("tok");
    }

    @Test
    void noSectionAndNoVariablesMeansNoChannels() {
        assertThat(read("", Map.of())).isEmpty();
        assertThat(read("alerts: {}", Map.of("ENABLE_DISCORD_ALERTS", "false"))).isEmpty();
    }

    @Test
    void aSecretPrintsAsStars() {
        assertThat(Secret.of("abc").toString()).isEqualTo("***");
        assertThat(Optional.of(Secret.of("abc")).toString()).doesNotContain("abc");
        assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
