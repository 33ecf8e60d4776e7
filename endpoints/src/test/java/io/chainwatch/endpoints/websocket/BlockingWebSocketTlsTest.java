package io.chainwatch.endpoints.websocket;

import io.chainwatch.endpoints.net.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code wss://} over a real TLS server on loopback with self-signed certificates that keytool makes
 * for the test: one for 127.0.0.1, one for another name. The client must check the certificate's
 * chain against its trust and its name against the host.
 */
@Timeout(60)
class BlockingWebSocketTlsTest {
    @TempDir
    static Path dir;
    private static KeyStore forLoopback;
    private static KeyStore forOtherName;

    @BeforeAll
    static void makeCertificates() throws Exception {
        forLoopback = TestCertificates.make(dir, "loopback.p12", "ip:127.0.0.1");
        forOtherName = TestCertificates.make(dir, "other.p12", "dns:other.example");
    }

    private static CompletableFuture<WebSocket> connect(ScriptedServer server, SSLContext trust, RecordingListener listener) {
        URI url = URI.create("wss://127.0.0.1:" + server.port() + "/ws");
        return BlockingWebSocket.connect(url, new WebSocketOptions("ws-tls", 5_000, 1 << 16, trust, new SecureRandom(), n -> { }), listener);
    }

    @Test
    void messagesFlowBothWaysOverTls() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        try (ScriptedServer server = new ScriptedServer(TestCertificates.serving(forLoopback).getServerSocketFactory(), p -> {
            p.accept();
            p.sendText("over tls");
            echoed.complete(p.read().text());
            p.awaitEnd();
        })) {
            RecordingListener listener = new RecordingListener();
            WebSocket ws = connect(server, TestCertificates.trusting(forLoopback), listener).get(10, TimeUnit.SECONDS);
            assertThat(listener.next()).isEqualTo("text:over tls");
            ws.sendText("back", true).get();
            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("back");
            assertThat(server.request()).contains("GET /ws HTTP/1.1", "Host: 127.0.0.1:" + server.port());
            ws.abort();
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(TestCertificates.serving(forOtherName).getServerSocketFactory(), p -> p.accept())) {
            assertThatThrownBy(() -> connect(server, TestCertificates.trusting(forOtherName), new RecordingListener()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void aCertificateNobodyTrustsIsRefusedByTheDefaultContext() throws Exception {
        try (ScriptedServer server = new ScriptedServer(TestCertificates.serving(forLoopback).getServerSocketFactory(), p -> p.accept())) {
            assertThatThrownBy(() -> connect(server, SSLContext.getDefault(), new RecordingListener()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SSLHandshakeException.class);
        }
    }

}
