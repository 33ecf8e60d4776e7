package io.chainwatch.alerts.channel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.core.config.AlertChannelConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every channel is driven through success and every kind of failure, with all logging (SLF4J/Logback at TRACE
 * and Jakarta Mail's java.util.logging loggers at ALL, which turns its protocol trace on) captured; then no credential may appear in any log
 * line, any delivery reason or detail, or any toString of a channel or its config. The providers' fakes echo
 * the request path, query and Authorization header back in their errors, as a careless proxy would.
 */
@Timeout(90)
class SecretsNeverLeakTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<LogRecord> julRecords = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            julRecords.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Logger root;
    private Level rootLevel;
    private java.util.logging.Level julLevel;
    // Held here: java.util.logging keeps its loggers weakly, and a collected logger forgets the level set on it.
    private final List<java.util.logging.Logger> mailLoggers = List.of(java.util.logging.Logger.getLogger("org.eclipse.angus.mail"),
            java.util.logging.Logger.getLogger("jakarta.mail"));

    @BeforeEach
    void captureAllLogging() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("");
        julLevel = jul.getLevel();
        julHandler.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(julHandler);
        // Jakarta Mail's loggers at ALL turn on its protocol trace; the rest of the JDK stays at its level, which is quicker.
        mailLoggers.forEach(l -> l.setLevel(java.util.logging.Level.ALL));
    }

    @AfterEach
    void restoreLogging() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("");
        jul.removeHandler(julHandler);
        jul.setLevel(julLevel);
        mailLoggers.forEach(l -> l.setLevel(null));
    }

    private static String echo(ProviderServer.Request r) {
        return "{\"message\":\"no such hook " + r.path() + "?" + r.query() + " auth " + r.header("Authorization")
                + "\",\"description\":\"Unauthorized " + r.path() + "\",\"code\":20003}";
    }

    @Test
    void noCredentialAppearsInLogsReasonsOrToStrings() throws Exception {
        List<String> seen = new ArrayList<>();
        for (TestChannels.Kind kind : TestChannels.Kind.values()) {
            try (ProviderServer server = ProviderServer.start(); HttpChannel channel = kind.make(server.base(), 300)) {
                server.reply(401, "application/json", SecretsNeverLeakTest::echo)
                        .reply(429, "application/json", SecretsNeverLeakTest::echo, "Retry-After", "1")
                        .reply(500, "text/plain", r -> r.path() + " " + r.body())
                        .reply(200, "application/json", "{\"ok\":true,\"result\":{\"message_id\":1},\"sid\":\"SM1\",\"status\":\"queued\"}")
                        .hang();
                for (int i = 0; i < 5; i++) {
                    seen.add(text(channel.deliver(Samples.two(channel.name()))));
                }
                seen.add(channel.toString());
            }
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            try (HttpChannel channel = kind.make(URI.create("http://127.0.0.1:" + closedPort), 300)) {
                seen.add(text(channel.deliver(Samples.two(channel.name()))));
            }
        }
        EmailChannelTest.startServers();
        try {
            for (String password : List.of(TestChannels.SMTP_PASSWORD, "x" + TestChannels.SMTP_PASSWORD)) {
                for (EmailChannel channel : List.of(EmailChannelTest.smtpsChannel(password), EmailChannelTest.startTlsChannel(password))) {
                    seen.add(text(channel.deliver(Samples.two("mail"))));
                    seen.add(channel.toString());
                }
            }
        } finally {
            EmailChannelTest.stopServers();
        }
        for (AlertChannelConfig config : configs()) {
            seen.add(config.toString());
            try (AlertChannel channel = AlertChannels.of(config, Samples.CLOCK, System.out, System.err, AlertChannelConfig.Format.TEXT)) {
                seen.add(channel.toString());
            }
        }

        List<String> logged = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            if (!fromTheFakes(e.getLoggerName())) {
                logged.add(e.getLoggerName() + " " + e.getFormattedMessage() + stack(e.getThrowableProxy()));
            }
        }
        for (LogRecord r : julRecords) {
            if (fromTheFakes(r.getLoggerName())) {
                continue;
            }
            logged.add(r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r)
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        assertThat(logged).as("the capture is live: failed deliveries are logged")
                .anyMatch(l -> l.contains("delivery failed"));
        assertThat(logged).as("Jakarta Mail's protocol trace was on").anyMatch(l -> l.startsWith("org.eclipse.angus.mail"));
        for (String secret : secrets()) {
            assertThat(seen.stream().filter(s -> s.contains(secret))).as("reasons and toStrings holding a secret").isEmpty();
            assertThat(logged.stream().filter(s -> s.contains(secret))).as("log lines holding a secret").isEmpty();
        }
    }

    /** The providers' side: the fake HTTP providers and the SMTP servers, which are handed the credentials by design. */
    private static boolean fromTheFakes(String logger) {
        return logger != null && (logger.startsWith("com.sun.net.httpserver") || logger.startsWith("com.icegreen")
                || logger.startsWith("org.subethamail"));
    }

    private static String text(Delivery d) {
        return switch (d) {
            case Delivery.Delivered ok -> ok.detail() + " " + ok;
            case Delivery.Failed f -> f.reason() + " " + f;
        };
    }

    private static String stack(IThrowableProxy t) {
        return t == null ? "" : " " + ThrowableProxyUtil.asString(t);
    }

    private static List<String> secrets() {
        List<String> out = new ArrayList<>(TestChannels.SECRETS);
        Base64.Encoder b64 = Base64.getEncoder();
        String password = TestChannels.SMTP_PASSWORD;
        out.add(b64.encodeToString(password.getBytes(StandardCharsets.UTF_8))); // AUTH LOGIN
        String user = EmailChannelTest.USER;
        out.add(b64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8))); // AUTH PLAIN
        out.add(b64.encodeToString((user + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static List<AlertChannelConfig> configs() {
        List<AlertChannelConfig> out = new ArrayList<>();
        URI base = URI.create("http://127.0.0.1:9");
        for (TestChannels.Kind kind : TestChannels.Kind.values()) {
            out.add(kind.config(base, 1000));
        }
        out.add(EmailChannelTest.config(AlertChannelConfig.EmailTls.STARTTLS, 587, TestChannels.SMTP_PASSWORD, Optional.empty()));
        return out;
    }
}
