package io.chainwatch.core.config;

import java.util.regex.Pattern;

/** Removes credentials from URLs before they reach a log line, a metric label or an API answer. */
public final class Redact {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]+@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#]+=)[^&#]*");
    // Providers put keys in the path (/v3/<key>, /v2/<key>): any segment that looks like a token.
    private static final Pattern TOKEN_SEGMENT = Pattern.compile("(?<=/)[A-Za-z0-9_\\-]{16,}(?=/|$|\\?|#)");

    private Redact() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceFirst("***@");
        out = QUERY_VALUE.matcher(out).replaceAll("$1***");
        return TOKEN_SEGMENT.matcher(out).replaceAll("***");
    }
}
