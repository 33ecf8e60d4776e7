package io.chainwatch.store.internal;

import io.chainwatch.core.config.Redact;
import io.chainwatch.core.config.StorageConfig;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An external PostgreSQL server, from {@code storage.url}: {@code jdbc:postgresql://...} or the
 * libpq form {@code postgresql://user:password@host:port/db?params} ({@code postgres://} too).
 * Credentials are taken out of the URL (user info, or {@code user} and {@code password} query
 * parameters) so that they travel as connection properties and never sit in a URL that a driver,
 * pool or migration tool might log.
 *
 * @param jdbcUrl  without credentials
 * @param user     null to let the driver decide
 * @param password null for none
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
    private static final String JDBC = "jdbc:postgresql://";

    public static PostgresUrl parse(StorageConfig config) {
        String url = Objects.requireNonNull(config.url(), "storage.url");
        String rest;
        if (url.startsWith(JDBC)) {
            rest = url.substring(JDBC.length());
        } else if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("storage.url: expected 'embedded', a jdbc:postgresql:// URL or a "
                    + "postgresql://user:password@host:port/database URL, got '" + Redact.url(url) + "'");
        }
        String user = null;
        String password = null;
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder();
            for (String param : rest.substring(q + 1).split("&")) {
                String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
                String value = param.contains("=") ? decode(param.substring(param.indexOf('=') + 1)) : "";
                switch (name) {
                    case "user" -> user = agree("user in storage.url", user, value, url);
                    case "password" -> password = agree("password in storage.url", password, value, url);
                    default -> kept.append(kept.isEmpty() ? "?" : "&").append(param);
                }
            }
            rest = rest.substring(0, q) + kept;
        }
        return new PostgresUrl(JDBC + rest, agree("storage.user", config.user(), user, url),
                agree("storage.password", config.password(), password, url));
    }

    /** A setting given in two places: fine when equal or when one is missing. */
    private static String agree(String name, String first, String second, String url) {
        if (first != null && second != null && !first.equals(second)) {
            throw new IllegalArgumentException(name + " and the credentials in storage.url '" + Redact.url(url)
                    + "' differ; give them in one place");
        }
        return first != null ? first : second;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + Redact.url(jdbcUrl) + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
