package io.chainwatch.alerts.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Takes a channel's credentials out of any text before it becomes a delivery reason or a log line: a
 * provider or a library may echo a URL, a token or an Authorization value in an error, and no such text
 * is trusted to be clean. Immutable.
 */
final class Scrubber {
    private static final int MIN_FRAGMENT = 6;
    private final List<String> secrets;

    private Scrubber(List<String> secrets) {
        // Longest first, so a URL is replaced whole before its token is looked for alone.
        this.secrets = secrets.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    static Scrubber of(String... secrets) {
        List<String> all = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                all.add(s);
                all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        return new Scrubber(all);
    }

    /**
     * Also hides the URL's path and each long path segment and query, since webhook tokens live there;
     * {@code others} may hold nulls (secrets not configured).
     */
    static Scrubber ofUrl(String url, String... others) {
        List<String> all = new ArrayList<>(java.util.Arrays.asList(others));
        all.add(url);
        URI uri = URI.create(url);
        if (uri.getRawPath() != null && uri.getRawPath().length() > 1) {
            all.add(uri.getRawPath());
            for (String segment : uri.getRawPath().split("/")) {
                if (segment.length() >= MIN_FRAGMENT) {
                    all.add(segment);
                }
            }
        }
        if (uri.getRawQuery() != null) {
            all.add(uri.getRawQuery());
        }
        return of(all.toArray(String[]::new));
    }

    /** Hides a basic-auth pair and its encoded header value as well as each part alone. */
    static Scrubber ofBasicAuth(String user, String password) {
        String pair = user + ":" + password;
        return of(password, pair, Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    /** The redacted form of a webhook URL for toString and messages: scheme, host and port only. */
    static String redactUrl(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/***";
    }
}
