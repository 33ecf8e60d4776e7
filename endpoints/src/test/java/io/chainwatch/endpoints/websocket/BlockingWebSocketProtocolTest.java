package io.chainwatch.endpoints.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.chainwatch.endpoints.websocket.ScriptedServer.Peer.frame;
import static io.chainwatch.endpoints.websocket.ScriptedServer.Peer.repeat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's framing, handshake and failures against a scripted server on a real loopback socket:
 * the cases a real server does not produce on demand, and the exact bytes the client writes.
 */
@Timeout(30)
class BlockingWebSocketProtocolTest {
    private final RecordingListener listener = new RecordingListener();
    private final AtomicLong received = new AtomicLong();

    private WebSocketOptions options(int maxMessageBytes, long timeoutMs) throws NoSuchAlgorithmException {
        return new WebSocketOptions("ws-test", timeoutMs, maxMessageBytes, SSLContext.getDefault(), new SecureRandom(), received::addAndGet);
    }

    private WebSocket open(URI url) throws Exception {
        return BlockingWebSocket.connect(url, options(1 << 20, 5_000), listener).get(10, TimeUnit.SECONDS);
    }

    @Test
    void handshakeSendsPathQueryHostAndAFreshKeyAndNoExtension() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/v1/stream?api-key=abc&x=1"));
            String request = server.request();
            assertThat(request).startsWith("GET /v1/stream?api-key=abc&x=1 HTTP/1.1\r\n")
                    .contains("Host: 127.0.0.1:" + server.port() + "\r\n", "Upgrade: websocket", "Connection: Upgrade",
                            "Sec-WebSocket-Version: 13")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Extensions").doesNotContainIgnoringCase("Sec-WebSocket-Protocol");
            String key = request.lines().filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow().substring(19);
            assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(16);
            assertThat(ws.getSubprotocol()).isEmpty();
            ws.abort();
        }
    }

    @Test
    void framesOfEveryLengthFormArriveWholeAndInOrderOnTheReaderThread() throws Exception {
        String big = new String(repeat('b', 70_000), StandardCharsets.US_ASCII); // 64-bit length
        String medium = "é".repeat(300); // 16-bit length, two bytes a character
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            // Frames right behind the handshake answer, in the same write: the client must keep them.
            p.write(frame(true, FrameInput.TEXT, "first".getBytes(StandardCharsets.UTF_8), false));
            p.sendText(medium);
            p.sendText(big);
            p.send(true, FrameInput.BINARY, new byte[]{1, 2, 3});
            p.sendText("");
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/"));
            assertThat(listener.next()).isEqualTo("text:first");
            assertThat(listener.next()).isEqualTo("text:" + medium);
            assertThat(listener.next()).isEqualTo("text:" + big);
            assertThat(listener.next()).isEqualTo("binary:3");
            assertThat(listener.next()).isEqualTo("text:");
            assertThat(listener.threads).allMatch("ws-test"::equals);
            assertThat(received.get()).isEqualTo(5 + 600 + 70_000 + 3);
            ws.abort();
        }
    }

    @Test
    void fragmentsAreJoinedIntoOneMessageAndAPingBetweenThemIsAnsweredWithAPong() throws Exception {
        CompletableFuture<ScriptedServer.Frame> pong = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.send(false, FrameInput.TEXT, "hel".getBytes(StandardCharsets.UTF_8));
            p.send(true, FrameInput.PING, "are you there".getBytes(StandardCharsets.UTF_8));
            p.send(false, FrameInput.CONTINUATION, new byte[]{'l', 'o', ' ', (byte) 0xC3}); // a character split across fragments
            p.send(true, FrameInput.CONTINUATION, new byte[]{(byte) 0xA9});
            pong.complete(p.read());
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/"));
            assertThat(listener.next()).isEqualTo("ping:are you there");
            assertThat(listener.next()).isEqualTo("text:hello é");
            ScriptedServer.Frame f = pong.get(10, TimeUnit.SECONDS);
            assertThat(f.opcode()).isEqualTo(FrameInput.PONG);
            assertThat(f.masked()).as("client frames are masked").isTrue();
            assertThat(f.text()).isEqualTo("are you there");
            ws.abort();
        }
    }

    @Test
    void sentFramesAreMaskedWithAFreshKeyAndFragmentsUseContinuation() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                ScriptedServer.Frame f = p.read();
                b.append(f.opcode()).append(f.fin() ? "F" : "-").append(f.masked() ? "M" : "-").append(':').append(f.text().length()).append(' ');
            }
            seen.complete(b.toString().trim());
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/"));
            ws.sendText("x".repeat(70_000), true).get();
            ws.sendText("ab", false).get();
            ws.sendText("cd", true).get();
            ws.sendPing(ByteBuffer.wrap(new byte[]{9})).get();
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("1FM:70000 1-M:2 0FM:2 9FM:1");
            ws.abort();
        }
    }

    @Test
    void aCloseFromTheServerIsToldOnceAndEchoedThenTheSocketCloses() throws Exception {
        CompletableFuture<ScriptedServer.Frame> echo = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("last words");
            byte[] close = {(byte) 0x03, (byte) 0xE9, 'b', 'y', 'e'}; // 1001 going away
            p.send(true, FrameInput.CLOSE, close);
            echo.complete(p.read());
            assertThat(p.awaitEnd()).isTrue();
        })) {
            WebSocket ws = open(server.url("/"));
            assertThat(listener.next()).isEqualTo("text:last words");
            assertThat(listener.next()).isEqualTo("close:1001:bye");
            assertThat(echo.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1001);
            server.awaitScript();
            assertThat(ws.isInputClosed()).isTrue();
            assertThat(ws.isOutputClosed()).isTrue();
            assertThat(listener.events.poll(200, TimeUnit.MILLISECONDS)).as("nothing after the close").isNull();
        }
    }

    @Test
    void ourCloseIsAnsweredByTheServersAndOnCloseIsToldThen() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            ScriptedServer.Frame close = p.read();
            p.send(true, FrameInput.CLOSE, close.payload());
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/"));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
            assertThat(ws.isOutputClosed()).isTrue();
            assertThat(ws.sendText("late", true)).isCompletedExceptionally();
            assertThat(listener.next()).isEqualTo("close:1000:done");
            server.awaitScript();
        }
    }

    @Test
    void aWrongAcceptKeyIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> p.answer(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + Handshake.accept("not the key sent") + "\r\n\r\n"))) {
            Throwable cause = failure(BlockingWebSocket.connect(server.url("/"), options(1 << 20, 5_000), listener));
            assertThat(cause).isInstanceOf(WebSocketProtocolException.class).hasMessageContaining("Sec-WebSocket-Accept");
        }
    }

    @Test
    void aRefusedHandshakeNamesTheStatusAndNotTheUrl() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> p.answer("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))) {
            Throwable cause = failure(BlockingWebSocket.connect(server.url("/v2/SECRETKEY0123456789?token=SECRET"), options(1 << 20, 5_000), listener));
            assertThat(cause).isInstanceOf(WebSocketRefusedException.class).hasMessageContaining("403 Forbidden").hasMessageNotContaining("SECRET");
            assertThat(((WebSocketRefusedException) cause).status()).isEqualTo(403);
        }
    }

    @Test
    void anExtensionTheServerChoseUnaskedIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> p.answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " + Handshake.accept(p.key())
                + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))) {
            assertThat(failure(BlockingWebSocket.connect(server.url("/"), options(1 << 20, 5_000), listener)))
                    .isInstanceOf(WebSocketProtocolException.class).hasMessageContaining("extension");
        }
    }

    @Test
    void aMaskedServerFrameFailsTheConnectionWithProtocolError() throws Exception {
        assertFailsWith(p -> p.write(frame(true, FrameInput.TEXT, "hidden".getBytes(StandardCharsets.UTF_8), true)),
                WebSocketProtocolException.PROTOCOL_ERROR, "masked");
    }

    @Test
    void reservedBitsFailTheConnection() throws Exception {
        assertFailsWith(p -> p.write(new byte[]{(byte) 0xC1, 1, 'x'}), WebSocketProtocolException.PROTOCOL_ERROR, "reserved bits");
    }

    @Test
    void aFragmentedOrOversizedControlFrameFailsTheConnection() throws Exception {
        assertFailsWith(p -> p.send(false, FrameInput.PING, new byte[1]), WebSocketProtocolException.PROTOCOL_ERROR, "fragmented control");
        assertFailsWith(p -> p.send(true, FrameInput.PING, new byte[126]), WebSocketProtocolException.PROTOCOL_ERROR, "control frame of 126");
    }

    @Test
    void aContinuationWithNoMessageFailsTheConnection() throws Exception {
        assertFailsWith(p -> p.send(true, FrameInput.CONTINUATION, new byte[1]), WebSocketProtocolException.PROTOCOL_ERROR, "continuation");
    }

    @Test
    void invalidUtf8FailsTheConnectionWith1007() throws Exception {
        assertFailsWith(p -> p.send(true, FrameInput.TEXT, new byte[]{'o', 'k', (byte) 0xC3, '(', 'x'}),
                WebSocketProtocolException.INVALID_DATA, "UTF-8");
    }

    @Test
    void invalidUtf8FailsTheConnectionWith1007WhenTheListenerTakesBytes() throws Exception {
        assertFailsWith(new Utf8RecordingListener(), p -> p.send(true, FrameInput.TEXT, new byte[]{'o', 'k', (byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                WebSocketProtocolException.INVALID_DATA, "UTF-8");
    }

    @Test
    void aListenerThatTakesBytesGetsEveryTextWholeAsBytesAndNoString() throws Exception {
        Utf8RecordingListener utf8 = new Utf8RecordingListener();
        String big = new String(repeat('b', 70_000), StandardCharsets.US_ASCII);
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("first");
            p.sendText("é€🚀");
            p.send(false, FrameInput.TEXT, "hel".getBytes(StandardCharsets.UTF_8));
            p.send(false, FrameInput.CONTINUATION, new byte[]{'l', 'o', ' ', (byte) 0xC3}); // a character split across fragments
            p.send(true, FrameInput.CONTINUATION, new byte[]{(byte) 0xA9});
            p.sendText(big);
            p.send(true, FrameInput.BINARY, new byte[]{1, 2});
            p.sendText("");
            p.awaitEnd();
        })) {
            WebSocket ws = BlockingWebSocket.connect(server.url("/"), options(1 << 20, 5_000), utf8).get(10, TimeUnit.SECONDS);
            assertThat(utf8.next()).isEqualTo("utf8:first");
            assertThat(utf8.next()).isEqualTo("utf8:é€🚀");
            assertThat(utf8.next()).isEqualTo("utf8:hello é");
            assertThat(utf8.next()).isEqualTo("utf8:" + big);
            assertThat(utf8.next()).isEqualTo("binary:2");
            assertThat(utf8.next()).isEqualTo("utf8:");
            ws.abort();
        }
    }

    @Test
    void theReplacementCharacterItselfIsValidText() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("a\uFFFDb");
            p.awaitEnd();
        })) {
            WebSocket ws = open(server.url("/"));
            assertThat(listener.next()).isEqualTo("text:a\uFFFDb");
            ws.abort();
        }
    }

    @Test
    void aMessageOverTheLimitFailsWith1009BeforeItIsRead() throws Exception {
        // Fragments that add up past the limit: refused at the header of the one that crosses it.
        assertFailsWith(p -> {
            p.send(false, FrameInput.TEXT, repeat('a', 600));
            p.send(true, FrameInput.CONTINUATION, repeat('a', 600));
        }, WebSocketProtocolException.MESSAGE_TOO_BIG, "over 1000 bytes");
        // A header that announces 2^40 bytes: refused, never allocated.
        assertFailsWith(p -> p.write(new byte[]{(byte) 0x81, 127, 0, 0, 1, 0, 0, 0, 0, 0}), WebSocketProtocolException.MESSAGE_TOO_BIG, "over 1000 bytes");
    }

    @Test
    void theConnectionEndingMidFrameIsAnError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.write(new byte[]{(byte) 0x81, 10, 'h', 'a', 'l', 'f'});
            p.socket.shutdownOutput();
            p.awaitEnd();
        })) {
            open(server.url("/"));
            assertThat(listener.next()).isEqualTo("error:EOFException:the connection ended in the middle of a frame");
        }
    }

    @Test
    void theConnectionEndingWithoutACloseFrameIsAnError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("one");
        })) {
            open(server.url("/"));
            assertThat(listener.next()).isEqualTo("text:one");
            assertThat(listener.next()).isEqualTo("error:EOFException:the connection ended without a close frame");
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(p -> hold.await())) {
            long start = System.nanoTime();
            Throwable cause = failure(BlockingWebSocket.connect(server.url("/"), options(1 << 20, 300), listener));
            assertThat(cause).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            hold.countDown();
        }
    }

    @Test
    void noDemandHoldsTheMessagesUntilRequested() throws Exception {
        CompletableFuture<WebSocket> socket = new CompletableFuture<>();
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket.Listener lazy = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                socket.complete(ws); // asks for nothing yet
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                got.add(data.toString());
                return null;
            }
        };
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            p.sendText("a");
            p.sendText("b");
            p.awaitEnd();
        })) {
            BlockingWebSocket.connect(server.url("/"), options(1 << 20, 5_000), lazy);
            WebSocket ws = socket.get(10, TimeUnit.SECONDS);
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
            ws.request(1);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
            ws.request(5);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("b");
            ws.abort();
        }
    }

    @Test
    void abortEndsTheConnectionAndTellsTheListenerNothing() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            assertThat(p.awaitEnd()).isTrue();
        })) {
            WebSocket ws = open(server.url("/"));
            ws.abort();
            server.awaitScript();
            assertThat(ws.isInputClosed()).isTrue();
            assertThat(listener.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** A server that accepts, then does {@code fault}: the client answers with a close of {@code code} and tells onError. */
    private void assertFailsWith(ScriptedServer.Script fault, int code, String messagePart) throws Exception {
        assertFailsWith(new RecordingListener(), fault, code, messagePart);
    }

    private void assertFailsWith(RecordingListener errors, ScriptedServer.Script fault, int code, String messagePart) throws Exception {
        CompletableFuture<ScriptedServer.Frame> close = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.accept();
            fault.run(p);
            close.complete(p.read());
            p.awaitEnd();
        })) {
            BlockingWebSocket.connect(server.url("/"), options(1_000, 5_000), errors).get(10, TimeUnit.SECONDS);
            assertThat(errors.next()).startsWith("error:WebSocketProtocolException:").contains(messagePart);
            assertThat(((WebSocketProtocolException) errors.error).closeCode()).isEqualTo(code);
            ScriptedServer.Frame f = close.get(10, TimeUnit.SECONDS);
            assertThat(f.opcode()).isEqualTo(FrameInput.CLOSE);
            assertThat(f.closeCode()).isEqualTo(code);
            server.awaitScript();
            assertThat(errors.events.poll(100, TimeUnit.MILLISECONDS)).as("told once").isNull();
        }
    }

    private static Throwable failure(CompletableFuture<WebSocket> opening) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            opening.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the connection opened");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

}
