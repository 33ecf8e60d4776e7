package io.chainwatch.sim.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The HTTP and WebSocket server of one simulated endpoint, both on path {@code /} of one loopback
 * port: a POST is a JSON-RPC call, an upgrade opens a WebSocket. Applies the answer faults
 * (latency, malformed, oversized); the others live in the chain's dispatcher and notification hub.
 *
 * <p>Ownership: the Javalin instance and the port are guarded by this object's lock; {@link #stop}
 * closes the port and every connection, {@link #start} opens the same port again. Connection
 * bookkeeping is concurrent (Jetty threads).
 *
 * @param <S> the chain's subscription type
 */
public final class EndpointServer<S> {
    private static final String HOST = "127.0.0.1";
    private static final long MAX_REQUEST_BYTES = 5_000_000;

    /** Answers one HTTP body or WebSocket message; null when it holds only notifications (calls without id). */
    @FunctionalInterface
    public interface RpcHandler<S> {
        /** @param connection null over HTTP */
        String answer(String text, WsConnection<S> connection);
    }

    private final String name;
    private final RpcHandler<S> handler;
    private final ConnectionSet<S> subscribers;
    private final Supplier<? extends AnswerFaults> faults;
    private final EndpointCounters counters;
    private final int queueLimit;
    private final Map<Session, WsConnection<S>> connections = new ConcurrentHashMap<>();
    private Javalin app;
    private int port;

    /**
     * @param name       prefix of thread names, such as {@code evm-sim}
     * @param queueLimit bound of each WebSocket connection's outbound queue
     */
    public EndpointServer(String name, RpcHandler<S> handler, ConnectionSet<S> subscribers, Supplier<? extends AnswerFaults> faults,
            EndpointCounters counters, int queueLimit) {
        this.name = name;
        this.handler = handler;
        this.subscribers = subscribers;
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
        for (WsConnection<S> c : connections.values()) {
            subscribers.unregister(c);
            c.abort();
        }
        connections.clear();
        // And every HTTP connection, kept alive or not, before the port closes: a client must not find one still open.
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            connector.getConnectedEndPoints().forEach(EndPoint::close);
        }
        app.stop();
        app = null;
    }

    public synchronized int port() {
        return port;
    }

    private void onHttp(Context ctx) {
        counters.httpRequest();
        String answer = handler.answer(ctx.body(), null);
        AnswerFaults f = faults.get();
        pause(f.latencyMs());
        ctx.contentType("application/json");
        // With its length, as a node answers: a large answer would otherwise go out chunked, which costs the client more.
        byte[] body = (answer == null ? "" : shape(answer, f)).getBytes(StandardCharsets.UTF_8);
        ctx.res().setContentLength(body.length);
        ctx.result(body);
    }

    private void onWebSocket(WsConfig ws) {
        ws.onConnect(c -> {
            WsConnection<S> conn = new WsConnection<>(c.session, queueLimit, counters, name + "-ws-writer", subscribers::roomFreed);
            connections.put(c.session, conn);
            subscribers.register(conn);
            conn.start();
        });
        ws.onMessage(c -> {
            WsConnection<S> conn = connections.get(c.session);
            if (conn == null) {
                return;
            }
            counters.wsMessage();
            String answer = handler.answer(c.message(), conn);
            AnswerFaults f = faults.get();
            pause(f.latencyMs());
            if (conn.answer(answer == null ? null : shape(answer, f)) == WsConnection.Offer.FULL) {
                counters.slowSubscriberDisconnected();
                forget(c.session);
                conn.abort();
            }
        });
        ws.onClose(c -> forget(c.session));
        ws.onError(c -> forget(c.session));
    }

    private void forget(Session session) {
        WsConnection<S> conn = connections.remove(session);
        if (conn != null) {
            subscribers.unregister(conn);
            conn.closed();
        }
    }

    /** Applies the answer faults: cut in half, then padded with whitespace (still valid JSON) to the oversize. */
    public static String shape(String answer, AnswerFaults f) {
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
