package io.chainwatch.endpoints.websocket;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a real WebSocket server, Jetty (through Javalin, as the simulator serves its
 * streams), on loopback: what the client sends the server reads, and what the server sends (many
 * messages, large ones, fragmented ones, pings, a close) reaches the listener whole and in order.
 */
@Timeout(30)
class BlockingWebSocketJettyTest {
    private final CompletableFuture<WsContext> connected = new CompletableFuture<>();
    private final LinkedBlockingQueue<String> serverGot = new LinkedBlockingQueue<>();
    private final RecordingListener listener = new RecordingListener();
    private Javalin server;
    private WebSocket ws;

    @BeforeEach
    void start() throws Exception {
        server = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.modifyWebSocketServletFactory(f -> f.setMaxTextMessageSize(1 << 20));
            cfg.router.mount(r -> r.ws("/stream", h -> {
                h.onConnect(connected::complete);
                h.onMessage(c -> serverGot.add(c.message()));
                h.onClose(c -> serverGot.add("closed:" + c.status() + ":" + c.reason()));
            }));
        }).start("127.0.0.1", 0);
        ws = BlockingWebSocket.connect(URI.create("ws://127.0.0.1:" + server.port() + "/stream?key=k"),
                        new WebSocketOptions("ws-jetty", 5_000, 1 << 20, SSLContext.getDefault(), new SecureRandom(), n -> { }), listener)
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        ws.abort();
        server.stop();
    }

    private WsContext serverSide() throws Exception {
        return connected.get(10, TimeUnit.SECONDS);
    }

    @Test
    void thousandsOfMessagesArriveInOrder() throws Exception {
        WsContext c = serverSide();
        for (int i = 0; i < 5_000; i++) {
            c.send("{\"n\":" + i + "}");
        }
        for (int i = 0; i < 5_000; i++) {
            assertThat(listener.next()).isEqualTo("text:{\"n\":" + i + "}");
        }
    }

    @Test
    void largeAndNonAsciiMessagesArriveWhole() throws Exception {
        String large = "x".repeat(200_000) + "ü€😀";
        serverSide().send(large);
        serverSide().send(ByteBuffer.wrap(new byte[100_000]));
        assertThat(listener.next()).isEqualTo("text:" + large);
        assertThat(listener.next()).isEqualTo("binary:100000");
    }

    @Test
    void aMessageTheServerSendsInPartsArrivesAsOne() throws Exception {
        var remote = serverSide().session.getRemote();
        remote.sendPartialString("{\"a\":", false);
        remote.sendPartialString("\"ü\"", false);
        remote.sendPartialString("}", true);
        serverSide().send("next");
        assertThat(listener.next()).isEqualTo("text:{\"a\":\"ü\"}");
        assertThat(listener.next()).isEqualTo("text:next");
    }

    @Test
    void theServerReadsWhatWeSendWholeAndPartial() throws Exception {
        serverSide();
        ws.sendText("hello", true).get();
        ws.sendText("x".repeat(100_000), true).get();
        ws.sendText("par", false).get();
        ws.sendText("ts", true).get();
        assertThat(serverGot.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(serverGot.poll(10, TimeUnit.SECONDS)).hasSize(100_000);
        assertThat(serverGot.poll(10, TimeUnit.SECONDS)).isEqualTo("parts");
    }

    @Test
    void aPingFromTheServerReachesTheListenerAndTheConnectionGoesOn() throws Exception {
        serverSide().sendPing(ByteBuffer.wrap("beat".getBytes(StandardCharsets.UTF_8)));
        serverSide().send("after");
        assertThat(listener.next()).isEqualTo("ping:beat");
        assertThat(listener.next()).isEqualTo("text:after");
    }

    @Test
    void aCloseFromTheServerIsToldOnce() throws Exception {
        serverSide().closeSession(4000, "maintenance");
        assertThat(listener.next()).isEqualTo("close:4000:maintenance");
        assertThat(listener.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(ws.isInputClosed()).isTrue();
    }

    @Test
    void ourCloseReachesTheServerWithItsCodeAndReason() throws Exception {
        serverSide();
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get();
        assertThat(serverGot.poll(10, TimeUnit.SECONDS)).isEqualTo("closed:1000:bye");
        assertThat(listener.next()).isEqualTo("close:1000:bye");
    }
}
