package io.chainwatch.app;

import ch.qos.logback.core.PropertyDefinerBase;
import io.chainwatch.core.config.AlertChannelConfig;

import java.util.Locale;

/**
 * The log format logback.xml picks its appender by: {@code CHAINWATCH_LOG_FORMAT} ({@code json} or
 * {@code text}, any case; a system property of that name first), read before chainwatch reads its
 * configuration, so that configuration errors are logged in the chosen format too.
 */
public final class LogFormat extends PropertyDefinerBase {
    static final String NAME = "CHAINWATCH_LOG_FORMAT";

    /** The format the logs are in, which console alert channels follow unless they name one. */
    public static AlertChannelConfig.Format current() {
        return AlertChannelConfig.Format.valueOf(new LogFormat().getPropertyValue());
    }

    @Override
    public String getPropertyValue() {
        String value = System.getProperty(NAME, System.getenv(NAME));
        if (value == null || value.isBlank()) {
            return "TEXT";
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> "JSON";
            case "text" -> "TEXT";
            default -> {
                // Logging is not up yet: this is the one place to say so.
                System.err.println("chainwatch: " + NAME + ": got '" + value + "', allowed json or text; logging as text");
                yield "TEXT";
            }
        };
    }
}
