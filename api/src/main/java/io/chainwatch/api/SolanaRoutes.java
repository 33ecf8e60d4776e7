package io.chainwatch.api;

import io.chainwatch.market.pump.CurveStatus;
import io.chainwatch.market.pump.CurveView;
import io.chainwatch.market.pump.TradeQuote;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.feed.SolanaFeed;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.chainwatch.api.QueryParameters.badParameter;
import static io.chainwatch.api.QueryParameters.parsePositive;

/**
 * The pump.fun curves under /api/v1/solana.
 *
 * <ul>
 *   <li>{@code GET /api/v1/solana/curves?status=&limit=}: a JSON array of curves, most recently active
 *       first. {@code status} is created, trading, complete or migrated (any case), absent or empty for
 *       all; {@code limit} is 1 to 1000, 50 when absent or empty.</li>
 *   <li>{@code GET /api/v1/solana/curves/{mint}?buyLamports=&buyTokens=&sellTokens=}: one curve
 *       ({@link CurveJson}); each amount given (a whole number 1 to 2^63-1, lamports or token base
 *       units) adds a quote of that name to {@code quotes}: a buy spending that many lamports with
 *       fees, a buy of exactly that many tokens, a sell of that many tokens.</li>
 * </ul>
 * A bad parameter answers 400 naming it and what it allows; an unknown mint 404; no Solana configured
 * 404. The curve book belongs to the feed thread, so every answer is a query to it: one that fails
 * (feed stopped) or takes over {@code timeoutMs} answers 503. The answer is built on a virtual thread,
 * never on the feed thread, and no request thread waits for it.
 */
final class SolanaRoutes implements AutoCloseable {
    private static final List<String> STATUSES = Arrays.stream(CurveStatus.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
    private static final String AMOUNTS = "a whole number from 1 to " + Long.MAX_VALUE;
    private static final List<String> QUOTE_PARAMETERS = List.of("buyLamports", "buyTokens", "sellTokens");

    private final SolanaFeed feed;
    private final long timeoutMs;
    private final ExecutorService answers = Executors.newVirtualThreadPerTaskExecutor();

    /** @param feed the feed, or null when Solana is not configured */
    SolanaRoutes(SolanaFeed feed, long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs: must be positive, got " + timeoutMs);
        }
        this.feed = feed;
        this.timeoutMs = timeoutMs;
    }

    void register(Javalin app) {
        app.get("/api/v1/solana/curves", this::curves);
        app.get("/api/v1/solana/curves/{mint}", this::curve);
    }

    private void curves(Context ctx) {
        if (notConfigured(ctx)) {
            return;
        }
        CurveStatus status = null;
        String statusText = ctx.queryParam("status");
        if (statusText != null && !statusText.isBlank()) {
            String wanted = statusText.trim().toLowerCase(Locale.ROOT);
            if (!STATUSES.contains(wanted)) {
                badParameter(ctx, "status", statusText, "one of " + String.join(", ", STATUSES) + ", or absent for all", STATUSES);
                return;
            }
            status = CurveStatus.valueOf(wanted.toUpperCase(Locale.ROOT));
        }
        int limit = QueryParameters.limit(ctx);
        if (limit < 0) {
            return;
        }
        answer(ctx, feed.curves(status, limit), views -> {
            List<Map<String, Object>> out = new ArrayList<>(views.size());
            for (CurveView v : views) {
                out.add(CurveJson.of(v));
            }
            ctx.json(out);
        });
    }

    private void curve(Context ctx) {
        if (notConfigured(ctx)) {
            return;
        }
        String mintText = ctx.pathParam("mint");
        PublicKey mint;
        try {
            mint = PublicKey.fromBase58(mintText);
        } catch (IllegalArgumentException e) {
            badParameter(ctx, "mint", mintText, "a base58 public key of 32 bytes (" + e.getMessage() + ")", "base58, 32 bytes");
            return;
        }
        Map<String, Long> amounts = new LinkedHashMap<>();
        for (String name : QUOTE_PARAMETERS) {
            String text = ctx.queryParam(name);
            if (text == null) {
                continue;
            }
            long amount = parsePositive(text);
            if (amount < 1) {
                badParameter(ctx, name, text, AMOUNTS + (name.endsWith("Lamports") ? " of lamports" : " of token base units (6 decimals)"),
                        "1.." + Long.MAX_VALUE);
                return;
            }
            amounts.put(name, amount);
        }
        answer(ctx, feed.curve(mint), found -> {
            if (found.isEmpty()) {
                ctx.status(404).json(Map.of("error", "no curve with mint " + mint.toBase58() + " is known"));
                return;
            }
            ctx.json(withQuotes(found.get(), amounts));
        });
    }

    private static Map<String, Object> withQuotes(CurveView v, Map<String, Long> amounts) {
        Map<String, Supplier<Optional<TradeQuote>>> quotes = new LinkedHashMap<>();
        amounts.forEach((name, amount) -> quotes.put(name, switch (name) {
            case "buyLamports" -> () -> v.quoteBuyExactSolIn(amount);
            case "buyTokens" -> () -> v.quoteBuyExactTokens(amount);
            case "sellTokens" -> () -> v.quoteSell(amount);
            default -> throw new IllegalStateException("no quote named " + name);
        }));
        return CurveJson.of(v, quotes);
    }

    /**
     * The dashboard's part: how many curves the book holds and the {@code limit} most recently active,
     * asked of the feed thread with a wait of at most {@code waitMs}; null when Solana is not configured.
     * A slow or stopped feed gives {@code {"error": ...}} instead of the curves.
     */
    Map<String, Object> live(int limit, long waitMs) {
        if (feed == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("curvesKnown", feed.status().curves());
        try {
            List<CurveView> views = feed.curves(null, limit).get(waitMs, TimeUnit.MILLISECONDS);
            m.put("curves", views.stream().map(CurveJson::of).toList());
        } catch (TimeoutException e) {
            m.put("error", "the Solana feed did not answer within " + waitMs + " ms");
        } catch (ExecutionException e) {
            m.put("error", "the Solana feed cannot answer: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.put("error", "interrupted while waiting for the Solana feed");
        }
        return m;
    }

    /**
     * Writes the feed's answer with {@code write} once it comes, or 503 when it fails or takes too long.
     * The answer is written on a virtual thread: the feed thread only completes the future.
     */
    private <T> void answer(Context ctx, CompletableFuture<T> query, Consumer<T> write) {
        ctx.future(() -> query.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handleAsync((value, err) -> {
            if (err == null) {
                write.accept(value);
            } else {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                String why = cause instanceof TimeoutException ? "the Solana feed did not answer within " + timeoutMs + " ms"
                        : "the Solana feed cannot answer: " + cause.getMessage();
                ctx.status(503).json(Map.of("error", why));
            }
            return null;
        }, answers));
    }

    private boolean notConfigured(Context ctx) {
        return Answers.absent(feed, ctx, "Solana is not configured: this chainwatch has no solana section with endpoints");
    }

    @Override
    public void close() {
        answers.close();
    }
}
