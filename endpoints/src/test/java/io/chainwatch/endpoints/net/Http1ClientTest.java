package io.chainwatch.endpoints.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Http1Client} against a {@link ScriptedHttpServer}: framings, keep-alive, limits, deadlines, faults and TLS. */
@Timeout(60)
class Http1ClientTest {
    private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSlot\"}".getBytes(StandardCharsets.UTF_8);


    private static long in(long ms) {
        return System.nanoTime() + ms * 1_000_000;
    }

    private static Http1Client client() throws Exception {
        return new Http1Client(SSLContext.getDefault(), 3_000);
    }

    private static String text(Http1Client.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void oneConnectionCarriesCallsWithLengthAndChunkedBodiesAndTheRequestIsWhatWasAsked() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> switch (n) {
            case 1 -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"result\":1}"));
            case 2 -> ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\n{\"res\r\n" + "7\r\nult\":2}\r\n" + "0\r\nX-Trailer: t\r\n\r\n");
            default -> ScriptedHttpServer.send(out, "HTTP/1.1 100 Continue\r\n\r\n" + ScriptedHttpServer.ok("{\"result\":3}"));
        }); Http1Client client = client()) {
            URI url = server.url("http", "/v1/abc?api-key=s3cret");
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":1}");
            Http1Client.Response chunked = client.post(url, "application/json", BODY, in(5_000), 1 << 20);
            assertThat(chunked.status()).isEqualTo(200);
            assertThat(text(chunked)).isEqualTo("{\"result\":2}");
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).as("an interim 100 is skipped")
                    .isEqualTo("{\"result\":3}");
            assertThat(server.connections.get()).as("kept alive").isEqualTo(1);
            assertThat(server.seen.getFirst()).startsWith("POST /v1/abc?api-key=s3cret HTTP/1.1\r\n")
                    .contains("Host: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n", "Content-Type: application/json\r\n",
                            "Content-Length: " + BODY.length + "\r\n")
                    .endsWith("\r\n\r\n" + new String(BODY, StandardCharsets.UTF_8));
        }
    }

    @Test
    void callsAtOnceEachGetTheirOwnAnswerOverConnectionsTheyShare() throws Exception {
        // The server echoes the request's id after a short pause, so that calls overlap on their connections.
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> {
            Thread.sleep(n % 3);
            String id = request.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
            return ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"id\":" + id + "}"));
        }); Http1Client client = client()) {
            URI url = server.url("http", "/");
            int threads = 8;
            int each = 50;
            List<Thread> callers = new java.util.ArrayList<>();
            List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < each; i++) {
                        int id = thread * 1_000 + i;
                        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"getSlot\"}").getBytes(StandardCharsets.UTF_8);
                        try {
                            String answer = text(client.post(url, "application/json", body, in(10_000), 1 << 20));
                            if (!answer.equals("{\"id\":" + id + "}")) {
                                wrong.add(id + " answered " + answer);
                            }
                        } catch (Exception e) {
                            wrong.add(id + " failed: " + e);
                        }
                    }
                }));
            }
            for (Thread t : callers) {
                t.join();
            }
            assertThat(wrong).isEmpty();
            assertThat(server.requests.get()).isEqualTo(threads * each);
            assertThat(server.connections.get()).as("connections kept and shared, at most one a caller at once")
                    .isBetween(1, threads);
        }
    }

    @Test
    void aKeptConnectionTheServerClosedWhileIdleIsReplacedOnceAndConnectionCloseIsHonoured() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> switch (n) {
            case 1 -> !ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"result\":1}")); // closes without saying so: the client finds out on its next call
            case 2 -> ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 12\r\n\r\n{\"result\":2}") && false;
            default -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"result\":" + n + "}"));
        }); Http1Client client = client()) {
            URI url = server.url("http", "/");
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":1}");
            Thread.sleep(100); // the server's close reaches the client's socket
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":2}");
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":3}");
            assertThat(server.connections.get()).as("Connection: close is not kept").isEqualTo(3);
            assertThat(server.requests.get()).as("no request sent twice to a server that answered").isEqualTo(3);
        }
    }

    @Test
    void aBodyOverTheLimitIsNotReadAndItsConnectionIsNotKept() throws Exception {
        String big = "x".repeat(5_000);
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> switch (n) {
            case 1 -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok(big));
            case 2 -> ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "3e8\r\n" + "y".repeat(1000) + "\r\n"
                    + "3e8\r\n" + "y".repeat(1000) + "\r\n0\r\n\r\n");
            case 3 -> ScriptedHttpServer.send(out, "HTTP/1.0 200 OK\r\n\r\n" + big) && false; // no length: the body ends at the close
            default -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{}"));
        }); Http1Client client = client()) {
            URI url = server.url("http", "/");
            assertThat(client.post(url, "application/json", BODY, in(5_000), 1_000).body()).as("by its length").isNull();
            assertThat(client.post(url, "application/json", BODY, in(5_000), 1_500).body()).as("chunked").isNull();
            assertThat(client.post(url, "application/json", BODY, in(5_000), 1_000).body()).as("up to the close").isNull();
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1_000))).isEqualTo("{}");
            assertThat(server.connections.get()).isEqualTo(4);
        }
    }

    @Test
    void aBodyUpToTheCloseIsRead() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> ScriptedHttpServer.send(out, "HTTP/1.0 200 OK\r\n\r\n{\"result\":" + n + "}") && false);
             Http1Client client = client()) {
            URI url = server.url("http", "/");
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":1}");
            assertThat(text(client.post(url, "application/json", BODY, in(5_000), 1 << 20))).isEqualTo("{\"result\":2}");
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void theDeadlineCoversAnAnswerThatTricklesAndOneThatNeverComes() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> {
            if (n == 1) {
                ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(50);
                    ScriptedHttpServer.send(out, "x");
                }
            } else {
                Thread.sleep(30_000);
            }
            return false;
        }); Http1Client client = client()) {
            URI url = server.url("http", "/");
            assertThatThrownBy(() -> client.post(url, "application/json", BODY, in(400), 1 << 20))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> client.post(url, "application/json", BODY, in(400), 1 << 20))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(server.requests.get()).as("a timed-out call is not sent again").isEqualTo(2);
        }
    }

    @Test
    void answersThatAreNotHttpAreProtocolErrorsAndOneCutShortIsAnEndOfStream() throws Exception {
        List<String> answers = List.of("SSH-2.0-OpenSSH_9.6\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(Http1Client.MAX_HEADER_BYTES) + "\r\n\r\n");
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> n <= answers.size() ? ScriptedHttpServer.send(out, answers.get(n - 1)) && false
                : ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort") && false);
             Http1Client client = client()) {
            URI url = server.url("http", "/");
            for (String answer : answers) {
                assertThatThrownBy(() -> client.post(url, "application/json", BODY, in(5_000), 1 << 20)).as(answer.substring(0, Math.min(30, answer.length())))
                        .isInstanceOf(HttpProtocolException.class).hasMessageStartingWith("HTTP: ");
            }
            assertThatThrownBy(() -> client.post(url, "application/json", BODY, in(5_000), 1 << 20))
                    .isInstanceOf(EOFException.class).hasMessageContaining("after 5 of the body's 100 bytes");
            assertThat(server.requests.get()).isEqualTo(answers.size() + 1);
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Http1Client client = client()) {
            assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + port + "/"), "application/json", BODY, in(5_000), 1 << 20))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void httpsChecksTheCertificatesChainAndName(@TempDir Path dir) throws Exception {
        KeyStore loopback = TestCertificates.make(dir, "loopback.p12", "ip:127.0.0.1");
        try (ScriptedHttpServer server = new ScriptedHttpServer(TestCertificates.serving(loopback).getServerSocketFactory(),
                (n, request, out) -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"result\":" + n + "}")))) {
            URI url = server.url("https", "/");
            try (Http1Client trusting = new Http1Client(TestCertificates.trusting(loopback), 3_000)) {
                assertThat(text(trusting.post(url, "application/json", BODY, in(10_000), 1 << 20))).isEqualTo("{\"result\":1}");
                assertThat(text(trusting.post(url, "application/json", BODY, in(10_000), 1 << 20))).isEqualTo("{\"result\":2}");
                assertThat(server.connections.get()).isEqualTo(1);
            }
            try (Http1Client byDefault = client()) {
                assertThatThrownBy(() -> byDefault.post(url, "application/json", BODY, in(10_000), 1 << 20))
                        .isInstanceOf(SSLHandshakeException.class);
            }
        }
        KeyStore other = TestCertificates.make(dir, "other.p12", "dns:other.example");
        try (ScriptedHttpServer server = new ScriptedHttpServer(TestCertificates.serving(other).getServerSocketFactory(), (n, request, out) -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{}")));
             Http1Client client = new Http1Client(TestCertificates.trusting(other), 3_000)) {
            assertThatThrownBy(() -> client.post(server.url("https", "/"), "application/json", BODY, in(10_000), 1 << 20))
                    .as("a trusted certificate for another name").isInstanceOf(SSLHandshakeException.class);
        }
    }
}
