package io.chainwatch.api;

import io.javalin.http.Context;

import java.util.Map;

/** The error answers every route gives the same way: a status and {@code {"error": "..."}} saying what is wrong. */
final class Answers {
    private Answers() {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The request's body as a JSON object; null when it is not one, with 400 answered saying {@code need}. */
    static com.fasterxml.jackson.databind.JsonNode objectBody(Context ctx, String need) {
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            badRequest(ctx, "body: need " + need);
            return null;
        }
        return body;
    }

    static void badRequest(Context ctx, String error) {
        ctx.status(400).json(Map.of("error", error));
    }

    /**
     * Answers 404 saying {@code why} when {@code part} is not running; true when it did, so the route
     * stops there.
     */
    static boolean absent(Object part, Context ctx, String why) {
        if (part != null) {
            return false;
        }
        ctx.status(404).json(Map.of("error", why));
        return true;
    }
}
