package io.chainwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.monitor.PerformanceHistory;
import io.chainwatch.monitor.PerformanceMonitor;
import io.chainwatch.monitor.PerformanceSnapshot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The performance monitor under /api/v1/performance.
 *
 * <ul>
 *   <li>{@code GET /api/v1/performance/metrics}: the last sample's figures, grades, bottleneck,
 *       stalls, trends and findings ({@link PerformanceJson}). Encoded once per sample, and gzipped
 *       once, and the same bytes served to every request until the next sample: a busy dashboard
 *       costs the monitor nothing.</li>
 *   <li>{@code GET /api/v1/performance/history?from=&to=&step=}: the kept series, one point per step
 *       (mean, min, max, samples). {@code from} and {@code to} are ISO-8601 instants or epoch
 *       milliseconds (default: the last hour); {@code step} an ISO-8601 duration ({@code PT1M}), a
 *       number of seconds, or a number with s, m, h or d (default: the span in about 300 steps, at
 *       least the sample interval). A bad one answers 400 naming it; more than
 *       {@value #MAX_POINTS} steps is a bad step.</li>
 * </ul>
 * With no monitor both answer 404; with no history kept, history answers 404.
 */
final class PerformanceRoutes {
    private static final Logger log = LoggerFactory.getLogger(PerformanceRoutes.class);
    static final int MAX_POINTS = 10_000;
    private static final String JSON = "application/json";

    /** One sample's answer, encoded and gzipped; replaced whole when a newer sample is asked for. */
    private record Encoded(long sequence, byte[] json, byte[] gzip) {
    }

    private final PerformanceMonitor monitor;
    private final ObjectMapper mapper;
    private final InstantSource clock;
    private volatile Encoded encoded = new Encoded(-1, new byte[0], new byte[0]);

    /** @param monitor the monitor, or null when none runs (the routes then answer 404) */
    PerformanceRoutes(PerformanceMonitor monitor, ObjectMapper mapper, InstantSource clock) {
        this.monitor = monitor;
        this.mapper = mapper;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/v1/performance/metrics", this::metrics);
        app.get("/api/v1/performance/history", this::history);
    }

    private void metrics(Context ctx) {
        if (notRunning(ctx)) {
            return;
        }
        Encoded e = current();
        ctx.contentType(JSON);
        ctx.header("Vary", "Accept-Encoding");
        if (acceptsGzip(ctx.header("Accept-Encoding"))) {
            // Set before the body is written, so Javalin's own compression leaves these bytes alone.
            ctx.header("Content-Encoding", "gzip");
            ctx.result(e.gzip());
        } else {
            ctx.result(e.json());
        }
    }

    /** The encoding of the monitor's last sample; made by the first request that sees a new sample. */
    private Encoded current() {
        PerformanceSnapshot s = monitor.current();
        Encoded e = encoded;
        if (e.sequence() == s.sequence()) {
            return e;
        }
        synchronized (this) {
            e = encoded;
            if (e.sequence() != s.sequence()) {
                e = encode(s);
                encoded = e;
            }
            return e;
        }
    }

    private Encoded encode(PerformanceSnapshot s) {
        try {
            byte[] json = mapper.writeValueAsBytes(PerformanceJson.snapshot(s, monitor.config().sampleIntervalMs()));
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(json);
            }
            return new Encoded(s.sequence(), json, out.toByteArray());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("performance figures could not be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the Accept-Encoding header lists gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                boolean refused = p.length > 1 && p[1].replace(" ", "").toLowerCase(Locale.ROOT).matches("q=0(\\.0*)?");
                return !refused;
            }
        }
        return false;
    }

    private void history(Context ctx) {
        if (notRunning(ctx)) {
            return;
        }
        if (monitor.history().isEmpty()) {
            ctx.status(404).json(Map.of("error", "no performance history is kept (no storage configured)"));
            return;
        }
        Instant now = clock.instant();
        Instant to = instant(ctx, "to", now);
        if (to == null) {
            return;
        }
        Instant from = instant(ctx, "from", to.minus(Duration.ofHours(1)));
        if (from == null) {
            return;
        }
        if (!from.isBefore(to)) {
            QueryParameters.badParameter(ctx, "from", ctx.queryParam("from") == null ? from.toString() : ctx.queryParam("from"),
                    "an instant before to (" + to + ")", "before to");
            return;
        }
        long spanMs = Duration.between(from, to).toMillis();
        long defaultStepS = Math.max(monitor.config().sampleIntervalMs() / 1000, (spanMs / 300 + 999) / 1000);
        Duration step = step(ctx, Duration.ofSeconds(Math.max(1, defaultStepS)));
        if (step == null) {
            return;
        }
        if (spanMs / step.toMillis() > MAX_POINTS) {
            QueryParameters.badParameter(ctx, "step", ctx.queryParam("step"), "a step giving at most " + MAX_POINTS + " points from "
                    + from + " to " + to + " (at least " + (spanMs / MAX_POINTS / 1000 + 1) + "s)", "at most " + MAX_POINTS + " points");
            return;
        }
        List<PerformanceHistory.Series> series;
        try {
            series = monitor.history().get().query(from, to, step);
        } catch (RuntimeException e) {
            log.warn("performance history query failed: {}", e.toString());
            ctx.status(503).json(Map.of("error", "the performance history could not be read: " + e.getClass().getSimpleName()));
            return;
        }
        ctx.json(PerformanceJson.obj("from", from, "to", to, "stepSeconds", step.toSeconds(),
                "series", series.stream().map(PerformanceJson::series).toList()));
    }

    /** The instant parameter {@code name}, or {@code fallback} when absent; null when bad, the 400 answered. */
    private static Instant instant(Context ctx, String name, Instant fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long ms = QueryParameters.parsePositive(text);
        if (ms >= 0) {
            return Instant.ofEpochMilli(ms);
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            QueryParameters.badParameter(ctx, name, text, "an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch milliseconds",
                    "ISO-8601 instant or epoch ms");
            return null;
        }
    }

    /** The step parameter, at least one second, or {@code fallback} when absent; null when bad, the 400 answered. */
    private static Duration step(Context ctx, Duration fallback) {
        String text = ctx.queryParam("step");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Duration d = parseStep(text.trim());
        if (d == null || d.toSeconds() < 1 || d.toDays() > 366) {
            QueryParameters.badParameter(ctx, "step", text, "a duration of 1 s to 366 d: PT1M, 60, 60s, 5m, 1h or 1d",
                    "1s..366d");
            return null;
        }
        return d;
    }

    static Duration parseStep(String t) {
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            long plain = QueryParameters.parsePositive(t);
            if (plain >= 0) {
                return Duration.ofSeconds(plain);
            }
            long n = QueryParameters.parsePositive(t.substring(0, t.length() - 1));
            if (n < 0) {
                return null;
            }
            return switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private boolean notRunning(Context ctx) {
        return Answers.absent(monitor, ctx, "the performance monitor is not running in this chainwatch");
    }
}
