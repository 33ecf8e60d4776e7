package io.chainwatch.api;

import io.chainwatch.core.config.ApiToken;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The bearer token check of every route that changes something. The configured token is compared
 * as a digest in constant time ({@link ApiToken}); neither it nor what was presented is ever written
 * to an answer or a log line. A refusal answers 401 with {@code WWW-Authenticate: Bearer} and says
 * why.
 */
final class BearerAuth {
    private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);
    private static final String REALM = "Bearer realm=\"chainwatch\"";

    private final Optional<ApiToken> token;

    BearerAuth(Optional<ApiToken> token) {
        this.token = token;
    }

    /**
     * The token the request carries when it is the configured one; otherwise null, with 401 answered
     * saying why, without any token in it.
     */
    String authorized(Context ctx) {
        if (token.isEmpty()) {
            refuse(ctx, REALM, "no API token is configured (api.token, or CHAINWATCH_API_TOKEN): every request that changes something is refused");
            return null;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            refuse(ctx, REALM, "missing bearer token: send Authorization: Bearer <api.token>");
            return null;
        }
        String presented = bearer(header);
        if (presented == null || !token.get().matches(presented)) {
            refuse(ctx, REALM + ", error=\"invalid_token\"", "wrong bearer token");
            return null;
        }
        return presented;
    }

    /** The credentials of a {@code Bearer} authorization (the scheme in any case); null for another scheme. */
    private static String bearer(String header) {
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        return h.substring(space + 1).strip();
    }

    private static void refuse(Context ctx, String challenge, String why) {
        log.warn("refused {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), why);
        ctx.header("WWW-Authenticate", challenge);
        ctx.status(401).json(Map.of("error", why));
    }
}
