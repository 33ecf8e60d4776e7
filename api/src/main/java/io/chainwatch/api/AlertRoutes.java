package io.chainwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertHistory;
import io.chainwatch.alerts.AlertManager;
import io.chainwatch.alerts.AlertStatus;
import io.chainwatch.alerts.Severity;
import io.chainwatch.alerts.Silence;
import io.chainwatch.core.config.ApiToken;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts under /api/v1:
 * <ul>
 *   <li>{@code GET /api/v1/alerts?state=firing|resolved&severity=info|warning|error|critical&limit=}: the
 *       history of alert state changes, newest first;</li>
 *   <li>{@code GET /api/v1/alerts/active}: the alerts firing now;</li>
 *   <li>{@code GET /api/v1/alerts/notifications?channel=&limit=}: every notification attempt and how it ended;</li>
 *   <li>{@code GET /api/v1/alerts/silences}: the silences, active and expired;</li>
 *   <li>{@code POST /api/v1/alerts/silences} with {@code {"matchers": ["alertname=X"], "endsAt": "...",
 *       "createdBy": "...", "comment": "..."}} ({@code startsAt} optional, now when absent), answering 201 and
 *       the silence with its id; and {@code DELETE /api/v1/alerts/silences/{id}}, answering 204 or 404.
 *       Both need the bearer token ({@link BearerAuth}).</li>
 * </ul>
 */
final class AlertRoutes {
    static final int MAX_TEXT = 500;

    private final AlertManager alerts;
    private final BearerAuth auth;

    /** @param alerts the alert manager, or null when it is not running (the routes then answer 404) */
    AlertRoutes(AlertManager alerts, Optional<ApiToken> token) {
        this.alerts = alerts;
        this.auth = new BearerAuth(token);
    }

    void register(Javalin app) {
        app.get("/api/v1/alerts", this::history);
        app.get("/api/v1/alerts/active", this::active);
        app.get("/api/v1/alerts/notifications", this::notifications);
        app.get("/api/v1/alerts/silences", this::silences);
        app.post("/api/v1/alerts/silences", this::createSilence);
        app.delete("/api/v1/alerts/silences/{id}", this::deleteSilence);
    }

    /** For the live snapshot: the alerts firing now and the latest state changes; null when no manager runs. */
    Map<String, Object> live(int rows) {
        if (alerts == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", alerts.active().stream().limit(rows).map(a -> alert(a, null)).toList());
        m.put("activeCount", alerts.active().size());
        m.put("recent", alerts.history().alerts(AlertHistory.AlertQuery.latest(rows)).stream().map(r -> alert(r.alert(), r.at())).toList());
        return m;
    }

    private void history(Context ctx) {
        if (notRunning(ctx)) {
            return;
        }
        Optional<Optional<AlertStatus>> state = choice(ctx, "state", AlertStatus.class);
        Optional<Optional<Severity>> severity = state.isEmpty() ? Optional.empty() : choice(ctx, "severity", Severity.class);
        int limit = severity.isEmpty() ? -1 : QueryParameters.limit(ctx);
        if (limit > 0) {
            List<AlertHistory.AlertRecord> records = alerts.history().alerts(new AlertHistory.AlertQuery(state.get(), severity.get(),
                    Optional.empty(), Optional.empty(), limit));
            ctx.json(records.stream().map(r -> alert(r.alert(), r.at())).toList());
        }
    }

    private void active(Context ctx) {
        if (!notRunning(ctx)) {
            ctx.json(alerts.active().stream().map(a -> alert(a, null)).toList());
        }
    }

    private void notifications(Context ctx) {
        int limit = notRunning(ctx) ? -1 : QueryParameters.limit(ctx);
        if (limit > 0) {
            String channel = ctx.queryParam("channel");
            var query = new AlertHistory.AttemptQuery(Optional.ofNullable(channel).filter(c -> !c.isBlank()), Optional.empty(),
                    Optional.empty(), Optional.empty(), limit);
            ctx.json(alerts.history().attempts(query).stream().map(AlertRoutes::attempt).toList());
        }
    }

    private void silences(Context ctx) {
        if (!notRunning(ctx)) {
            ctx.json(alerts.silences().stream().map(AlertRoutes::silence).toList());
        }
    }

    private void createSilence(Context ctx) {
        if (auth.authorized(ctx) == null || notRunning(ctx)) {
            return;
        }
        JsonNode body = Answers.objectBody(ctx, "a JSON object such as {\"matchers\": [\"alertname=SolanaSlotLagHigh\"], "
                + "\"endsAt\": \"2026-12-05T10:00:00Z\", \"createdBy\": \"alice\", \"comment\": \"provider maintenance\"}");
        if (body == null) {
            return;
        }
        try {
            Silence s = alerts.createSilence(new Silence.Request(matchers(body), instant(body, "startsAt", false), instant(body, "endsAt", true),
                    text(body, "createdBy"), text(body, "comment")));
            ctx.status(201).json(silence(s));
        } catch (IllegalArgumentException e) {
            Answers.badRequest(ctx, e.getMessage());
        }
    }

    private void deleteSilence(Context ctx) {
        if (auth.authorized(ctx) == null || notRunning(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        if (alerts.deleteSilence(id)) {
            ctx.status(204);
        } else {
            ctx.status(404).json(Map.of("error", "no silence with id '" + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'"));
        }
    }

    private static List<String> matchers(JsonNode body) {
        JsonNode m = body.get("matchers");
        if (m == null || !m.isArray() || m.isEmpty()) {
            throw new IllegalArgumentException("matchers: need a list of at least one matcher such as \"alertname=SolanaSlotLagHigh\"");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : m) {
            if (!x.isTextual()) {
                throw new IllegalArgumentException("matchers: each must be a text such as \"chain=eth\", got " + x.getNodeType());
            }
            out.add(x.asText());
        }
        return out;
    }

    private static Instant instant(JsonNode body, String key, boolean required) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException(key + ": need an ISO-8601 instant such as 2026-12-05T10:00:00Z");
            }
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": need an ISO-8601 instant such as 2026-12-05T10:00:00Z, got '" + shorten(n.asText()) + "'");
        }
    }

    private static String text(JsonNode body, String key) {
        JsonNode n = body.get(key);
        String t = n == null || !n.isTextual() ? "" : n.asText().strip();
        if (t.isEmpty() || t.length() > MAX_TEXT || t.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(key + ": need a text of 1 to " + MAX_TEXT + " characters on one line");
        }
        return t;
    }

    /**
     * The parameter as one of {@code type}'s constants (any case); empty inside when absent; empty
     * outside when it is bad, the 400 answered already.
     */
    private static <E extends Enum<E>> Optional<Optional<E>> choice(Context ctx, String name, Class<E> type) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            QueryParameters.badParameter(ctx, name, shorten(text), "one of " + String.join(", ", allowed), allowed);
            return Optional.empty();
        }
    }

    private static Map<String, Object> alert(Alert a, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (at != null) {
            m.put("at", at.toString());
        }
        m.put("name", a.name());
        m.put("status", a.status().name().toLowerCase(Locale.ROOT));
        m.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        m.put("summary", a.summary());
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("startsAt", a.startsAt().toString());
        m.put("endsAt", a.endsAt().map(Instant::toString).orElse(null));
        m.put("resolvedReason", a.resolvedReason().orElse(null));
        m.put("fingerprint", a.fingerprint());
        return m;
    }

    private static Map<String, Object> attempt(AlertHistory.NotificationAttempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", a.at().toString());
        m.put("channel", a.channel());
        m.put("groupKey", a.groupKey());
        m.put("status", a.status().name().toLowerCase(Locale.ROOT));
        m.put("attempt", a.attempt());
        m.put("outcome", a.outcome().name().toLowerCase(Locale.ROOT));
        m.put("reason", a.reason());
        m.put("fingerprints", a.fingerprints());
        return m;
    }

    private static Map<String, Object> silence(Silence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("matchers", s.matchers().stream().map(Object::toString).toList());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        return m;
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    private boolean notRunning(Context ctx) {
        return Answers.absent(alerts, ctx, "the alert manager is not running in this chainwatch");
    }
}
