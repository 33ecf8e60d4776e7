package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.config.ApiToken;
import io.chainwatch.risk.RiskLimits;
import io.chainwatch.risk.RiskSnapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Trading under /api/v1: what the strategies saw and did, and the risk state, to read; and the two
 * things a person may do to it.
 *
 * <ul>
 *   <li>{@code GET /api/v1/opportunities?limit=} and {@code GET /api/v1/trades?limit=}: the newest
 *       first from the {@link io.chainwatch.strategy.exec.TradeJournal}; {@code limit} 1 to 1000, 50
 *       when absent.</li>
 *   <li>{@code GET /api/v1/risk}: the state and why, the configured and live limits, usage and the
 *       distance to each limit, the last Monte Carlo projection or why there is none ({@link TradingJson}).</li>
 *   <li>{@code POST /api/v1/risk/emergency-stop} with {@code {"reason": "..."}} stops all trading;
 *       {@code POST /api/v1/risk/reset} ends a stop or pause. Both answer the new risk state.</li>
 * </ul>
 * The two POSTs need {@code Authorization: Bearer <api.token>}: without it, with another token, or
 * with no token configured they answer 401 with {@code WWW-Authenticate: Bearer} and change nothing.
 * The token is compared as a digest in constant time ({@link ApiToken}) and is never written to an
 * answer or a log line, nor is what was presented. With no trading configured every route answers 404.
 */
final class TradingRoutes {
    private static final Logger log = LoggerFactory.getLogger(TradingRoutes.class);
    static final int MAX_REASON_LENGTH = 500;

    private final TradingView view;
    private final BearerAuth auth;
    private final InstantSource clock;

    /** @param view what to show and act on, or null when nothing trades (the routes then answer 404) */
    TradingRoutes(TradingView view, Optional<ApiToken> token, InstantSource clock) {
        this.view = view;
        this.auth = new BearerAuth(token);
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/opportunities", this::opportunities);
        app.get("/api/v1/trades", this::trades);
        app.get("/api/v1/risk", this::risk);
        app.post("/api/v1/risk/emergency-stop", this::emergencyStop);
        app.post("/api/v1/risk/reset", this::reset);
    }

    private void opportunities(Context ctx) {
        int limit = notConfigured(ctx) ? -1 : QueryParameters.limit(ctx);
        if (limit > 0) {
            ctx.json(view.journal().opportunities(limit).stream().map(TradingJson::opportunity).toList());
        }
    }

    private void trades(Context ctx) {
        int limit = notConfigured(ctx) ? -1 : QueryParameters.limit(ctx);
        if (limit > 0) {
            ctx.json(view.journal().trades(limit).stream().map(TradingJson::trade).toList());
        }
    }

    private void risk(Context ctx) {
        if (!notConfigured(ctx)) {
            ctx.json(riskState(null));
        }
    }

    private void emergencyStop(Context ctx) {
        String presented = auth.authorized(ctx);
        if (presented == null || notConfigured(ctx)) {
            return;
        }
        String reason = reason(ctx, presented);
        if (reason == null) {
            return;
        }
        log.warn("emergency stop through the API: {}", reason);
        view.risk().emergencyStop("by api: " + reason);
        ctx.json(riskState("stopped"));
    }

    private void reset(Context ctx) {
        if (auth.authorized(ctx) == null || notConfigured(ctx)) {
            return;
        }
        boolean changed = view.risk().reset("api");
        log.warn("reset through the API: {}", changed ? "trading may resume" : "trading was active already");
        ctx.json(riskState(changed ? "reset" : "nothing to reset: trading was active already"));
    }

    /** The dashboard's part: the risk state and the newest {@code limit} opportunities and trades; null when nothing trades. */
    Map<String, Object> live(int limit) {
        if (view == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("risk", riskState(null));
        m.put("opportunities", view.journal().opportunities(limit).stream().map(TradingJson::opportunity).toList());
        m.put("trades", view.journal().trades(limit).stream().map(TradingJson::trade).toList());
        return m;
    }

    private Map<String, Object> riskState(String result) {
        view.risk().state(); // first: it applies what time alone changes (a new day, a pause ending)
        RiskSnapshot s = view.risk().snapshot();
        RiskLimits live = view.risk().limits();
        Map<String, Object> m = new LinkedHashMap<>();
        if (result != null) {
            m.put("result", result);
        }
        m.putAll(TradingJson.risk(view, s, live, clock.instant()));
        return m;
    }

    /** The body's reason, checked; null when it is not usable, the 400 answered already. */
    private static String reason(Context ctx, String token) {
        JsonNode body = Answers.objectBody(ctx, "a JSON object such as {\"reason\": \"what you saw\"}");
        if (body == null) {
            return null;
        }
        JsonNode node = body.get("reason");
        String reason = node == null || !node.isTextual() ? null : node.asText().strip();
        if (reason == null || reason.isEmpty()) {
            Answers.badRequest(ctx, "reason: need a text saying why trading stops (1 to " + MAX_REASON_LENGTH + " characters)");
            return null;
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            Answers.badRequest(ctx, "reason: need 1 to " + MAX_REASON_LENGTH + " characters, got " + reason.length());
            return null;
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            // It goes to the log and the audit trail as one line.
            Answers.badRequest(ctx, "reason: may not hold control characters such as line breaks");
            return null;
        }
        if (reason.contains(token)) {
            // The reason is answered back, logged and kept in the audit trail: the token would be in all three.
            Answers.badRequest(ctx, "reason: may not hold the API token");
            return null;
        }
        return reason;
    }

    private boolean notConfigured(Context ctx) {
        return Answers.absent(view, ctx, "trading is not configured: this chainwatch has no risk section, so nothing trades");
    }

}
