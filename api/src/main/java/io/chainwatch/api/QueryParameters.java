package io.chainwatch.api;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reading query parameters the same way on every route: a bad one answers 400 naming it, what it got and what it allows. */
final class QueryParameters {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private QueryParameters() {
    }

    /**
     * The {@code limit} parameter, 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent or empty;
     * -1 when it is bad, the 400 answered already.
     */
    static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        long parsed = parsePositive(text);
        if (parsed < 1 || parsed > MAX_LIMIT) {
            badParameter(ctx, "limit", text, "a whole number from 1 to " + MAX_LIMIT + " (" + DEFAULT_LIMIT + " when absent)",
                    "1.." + MAX_LIMIT);
            return -1;
        }
        return (int) parsed;
    }

    /** The value of a whole positive decimal number of at most 19 digits, or -1 when the text is not one. */
    static long parsePositive(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    static void badParameter(Context ctx, String name, String got, String need, Object allowed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", name + ": need " + need + ", got '" + got + "'");
        m.put("parameter", name);
        m.put("got", got);
        m.put("allowed", allowed);
        ctx.status(400).json(m);
    }
}
