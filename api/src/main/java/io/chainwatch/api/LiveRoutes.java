package io.chainwatch.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The dashboard's live data.
 *
 * <ul>
 *   <li>{@code GET /api/v1/stream}: server-sent events, one {@code snapshot} event a {@code interval}
 *       with the {@link LiveSnapshots} JSON as its data and its number as the event id. At most
 *       {@code maxClients} streams are open at once; one more is refused with 503 and
 *       {@code Retry-After}, and the page then polls.</li>
 *   <li>{@code GET /api/v1/snapshot}: the same JSON once, for clients that cannot stream.</li>
 * </ul>
 * Each stream is written by its own virtual thread: a slow or stalled client holds only that thread
 * (until the server's idle timeout ends it), never the snapshot, the other clients or the pipeline.
 * Javalin's request thread returns at once. The compression Javalin applies to answers is bypassed for
 * the stream: a gzip stream would hold events back until its buffer fills.
 */
final class LiveRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final LiveSnapshots snapshots;
    private final int maxClients;
    private final Duration interval;
    private final Semaphore streams;
    private final ExecutorService writers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("live-stream-", 0).factory());
    private volatile boolean closed;

    LiveRoutes(LiveSnapshots snapshots, int maxClients, Duration interval) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: need at least 1, got " + maxClients);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: must be positive, got " + interval);
        }
        this.snapshots = snapshots;
        this.maxClients = maxClients;
        this.interval = interval;
        this.streams = new Semaphore(maxClients);
    }

    void register(Javalin app) {
        app.get("/api/v1/stream", this::stream);
        app.get("/api/v1/snapshot", this::snapshot);
    }

    /** Streams open now. */
    int clients() {
        return maxClients - streams.availablePermits();
    }

    private void snapshot(Context ctx) {
        ctx.future(() -> CompletableFuture.supplyAsync(snapshots::current, writers).thenAccept(s -> {
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json").result(s.json());
        }));
    }

    private void stream(Context ctx) {
        if (closed || !streams.tryAcquire()) {
            ctx.header("Retry-After", "10");
            ctx.status(503).json(Map.of("error", "too many live streams: at most " + maxClients
                    + " are open at once; poll GET /api/v1/snapshot instead, or retry later"));
            return;
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold events back either
        try {
            ctx.future(() -> CompletableFuture.runAsync(() -> pump(res), writers).whenComplete((ok, err) -> streams.release()));
        } catch (RejectedExecutionException stopping) {
            streams.release();
            throw stopping;
        }
    }

    /** Writes a snapshot every interval until the client goes or the server stops; owned by one writer thread. */
    private void pump(HttpServletResponse res) {
        long sent = 0;
        try {
            ServletOutputStream out = res.getOutputStream();
            out.write(("retry: " + interval.toMillis() * 2 + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                LiveSnapshots.Snapshot s = snapshots.current();
                if (s.seq() != sent) {
                    out.write(("id: " + s.seq() + "\nevent: snapshot\ndata: ").getBytes(StandardCharsets.UTF_8));
                    out.write(s.json()); // one line: Jackson writes no line breaks, and escapes those in strings
                    out.write(EVENT_END);
                    out.flush();
                    sent = s.seq();
                }
                Thread.sleep(interval);
            }
        } catch (IOException clientGone) {
            log.debug("live stream ended: {}", clientGone.toString());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("live stream failed", e);
        }
    }

    /** Ends every stream (their threads are interrupted) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        writers.shutdownNow();
    }
}
