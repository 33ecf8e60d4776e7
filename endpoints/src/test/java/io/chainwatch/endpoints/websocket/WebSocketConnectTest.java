package io.chainwatch.endpoints.websocket;

import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.WebSocketConnect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebSocketConnect} keeps its contract on the new client: the endpoint's timeout, the
 * outcome recorded on the endpoint with its failure kind, the payload bytes counted, and no URL
 * (which may hold an API key) in any message.
 */
@Timeout(30)
class WebSocketConnectTest {
    private final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
    private final TextMessageListener listener = new TextMessageListener(1_000, told::add, (kind, why) -> told.add(kind + ": " + why));

    private static Endpoint endpoint(URI url, long timeoutMs) {
        return new Endpoint("ws-a", new EndpointConfig(url, "eu", 1, 10_000, timeoutMs), ScoringPolicy.DEFAULT);
    }

    private static URI withSecret(ScriptedServer server) {
        return server.url("/v2/SECRETKEY0123456789abcdef?api-key=SECRETQUERY");
    }

    @Test
    void messagesReachTheListenerAndTheirPayloadBytesAreCounted() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("{\"a\":\"é\"}");
            p.awaitEnd();
        })) {
            Endpoint e = endpoint(server.url("/"), 5_000);
            WebSocket ws = WebSocketConnect.open(e, listener).get(10, TimeUnit.SECONDS);
            assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"a\":\"é\"}");
            assertThat(e.receivedBytes()).isEqualTo("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8).length);
            assertThat(e.failures(FailureKind.CLOSED)).isZero();
            ws.abort();
        }
    }

    @Test
    void aRefusedHandshakeIsAnHttpErrorAndATooManyRequestsIsThrottlingNamingNoSecret() throws Exception {
        assertRefused("HTTP/1.1 401 Unauthorized", FailureKind.HTTP_ERROR, "401 Unauthorized");
        assertRefused("HTTP/1.1 429 Too Many Requests", FailureKind.THROTTLED, "429");
    }

    private void assertRefused(String statusLine, FailureKind kind, String messagePart) throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> p.answer(statusLine + "\r\nContent-Length: 0\r\n\r\n"))) {
            Endpoint e = endpoint(withSecret(server), 5_000);
            EndpointException failure = failure(WebSocketConnect.open(e, listener));
            assertThat(failure.kind()).isEqualTo(kind);
            assertThat(failure).hasMessageContaining("ws-a").hasMessageContaining(messagePart).hasMessageNotContaining("SECRET");
            assertThat(e.failures(kind)).isEqualTo(1);
        }
    }

    @Test
    void noHandshakeWithinTheEndpointsTimeoutIsATimeout() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(p -> hold.await())) {
            Endpoint e = endpoint(withSecret(server), 250);
            EndpointException failure = failure(WebSocketConnect.open(e, listener));
            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure).hasMessageNotContaining("SECRET");
            assertThat(e.failures(FailureKind.TIMEOUT)).isEqualTo(1);
        } finally {
            hold.countDown();
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Endpoint e = endpoint(URI.create("ws://127.0.0.1:" + port + "/SECRETKEY0123456789abcdef"), 5_000);
        EndpointException failure = failure(WebSocketConnect.open(e, listener));
        assertThat(failure.kind()).isEqualTo(FailureKind.REFUSED);
        assertThat(failure).hasMessageNotContaining("SECRET");
    }

    @Test
    void aMessageOverTheListenersLimitIsOversizedBeforeItIsRead() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("x".repeat(1_001));
            p.read();
            p.awaitEnd();
        })) {
            Endpoint e = endpoint(server.url("/"), 5_000);
            WebSocketConnect.open(e, listener).get(10, TimeUnit.SECONDS);
            assertThat(told.poll(10, TimeUnit.SECONDS)).startsWith("OVERSIZED: ").contains("over 1000 bytes");
        }
    }

    private static EndpointException failure(CompletableFuture<WebSocket> opening) throws Exception {
        try {
            opening.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the connection opened");
        } catch (ExecutionException ex) {
            assertThat(ex.getCause()).isInstanceOf(EndpointException.class);
            return (EndpointException) ex.getCause();
        }
    }
}
