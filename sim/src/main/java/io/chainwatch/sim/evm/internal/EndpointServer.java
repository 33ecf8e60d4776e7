package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.Faults;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The HTTP and WebSocket server of one endpoint, both on path {@code /} of one loopback port: a
 * POST is a JSON-RPC call, an upgrade opens a WebSocket. Applies the answer faults (latency,
 * malformed, oversized); the others live in the dispatcher and the notification hub.
 *
 * <p>Ownership: the Javalin instance and the port are guarded by this object's lock; {@link #stop}
 * closes the port and every connection, {@link #start} opens the same port again. Connection
 * bookkeeping is concurrent (Jetty threads).
 */
public final class EndpointServer {
    private static final String HOST = "127.0.0.1";
    private static final long MAX_REQUEST_BYTES = 5_000_000;

    private final JsonRpcDispatcher dispatcher;
    private final NotificationHub hub;
    private final FaultState faults;
    private final EndpointCounters counters;
    private final int queueLimit;
    private final Map<Session, WsConnection> connections = new ConcurrentHashMap<>();
    private Javalin app;
    private int port;

    public EndpointServer(JsonRpcDispatcher dispatcher, NotificationHub hub, FaultState faults, EndpointCounters counters, int queueLimit) {
        this.dispatcher = dispatcher;
        this.hub = hub;
        this.faults = faults;
        this.counters = counters;
        this.queueLimit = queueLimit;
    }

    /** Opens the port: a free one the first time, the same one after a {@link #stop}. */
    public synchronized void start() {
        if (app != null) {
            return;
        }
        Javalin created = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.useVirtualThreads = true;
            cfg.http.disableCompression();
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setIdleTimeout(Duration.ofHours(1)); // nodes keep idle subscribers
                ws.setMaxTextMessageSize(MAX_REQUEST_BYTES);
                ws.setOutputBufferSize(64 * 1024);
            });
            cfg.router.mount(r -> {
                r.post("/", this::onHttp);
                r.ws("/", this::onWebSocket);
            });
        });
        created.start(HOST, port);
        port = created.port();
        app = created;
    }

    /** Closes the port and every connection; the client sees a refused connection until {@link #start}. */
    public synchronized void stop() {
        if (app == null) {
            return;
        }
        // A node that goes down drops its sockets; Jetty's stop alone leaves upgraded connections open.
        for (WsConnection c : connections.values()) {
            hub.unregister(c);
            c.abort();
        }
        connections.clear();
        app.stop();
        app = null;
    }

    public synchronized int port() {
        return port;
    }

    private void onHttp(Context ctx) {
        counters.httpRequests.increment();
        String answer = dispatcher.answer(ctx.body(), null);
        Faults f = faults.snapshot();
        pause(f.latencyMs());
        ctx.contentType("application/json");
        ctx.result(answer == null ? "" : shape(answer, f));
    }

    private void onWebSocket(WsConfig ws) {
        ws.onConnect(c -> {
            WsConnection conn = new WsConnection(c.session, queueLimit, counters);
            connections.put(c.session, conn);
            hub.register(conn);
            conn.start();
        });
        ws.onMessage(c -> {
            WsConnection conn = connections.get(c.session);
            if (conn == null) {
                return;
            }
            counters.wsMessages.increment();
            String answer = dispatcher.answer(c.message(), conn);
            Faults f = faults.snapshot();
            pause(f.latencyMs());
            if (conn.answer(answer == null ? null : shape(answer, f)) == WsConnection.Offer.FULL) {
                counters.slowSubscribersDisconnected.increment();
                forget(c.session);
                conn.abort();
            }
        });
        ws.onClose(c -> forget(c.session));
        ws.onError(c -> forget(c.session));
    }

    private void forget(Session session) {
        WsConnection conn = connections.remove(session);
        if (conn != null) {
            hub.unregister(conn);
            conn.closed();
        }
    }

    /** Applies the answer faults: cut in half, then padded with whitespace (still valid JSON) to the oversize. */
    static String shape(String answer, Faults f) {
        String s = f.malformed() ? answer.substring(0, answer.length() / 2) : answer;
        int pad = f.oversizedBytes() - s.length();
        if (pad <= 0) {
            return s;
        }
        return new StringBuilder(f.oversizedBytes()).append(s, 0, 1).repeat(' ', pad).append(s, 1, s.length()).toString();
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
