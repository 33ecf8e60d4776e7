package io.chainwatch.bench.solana;

import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.websocket.BlockingWebSocket;
import io.chainwatch.endpoints.websocket.WebSocketOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * logsNotifications received over a real loopback WebSocket, our client ({@link BlockingWebSocket})
 * against the JDK's ({@code java.net.http}), same messages, same run. One op is one whole message
 * handed to a {@link TextMessageListener} as the feed's streams use it.
 *
 * <p>The server is a thread of this JVM that writes prepared bytes: the 1,024 notifications of
 * {@link LogsIngestBenchmark} (about 6 KB each, a real mainnet buy's 49 log lines) as unmasked text
 * frames, over and over, as fast as the socket takes them; TCP holds it back when the client falls
 * behind. It does the same work for either client, and its CPU is in the figure ({@code -prof
 * io.chainwatch.bench.CpuTimeProfiler} takes the whole process's), so ops per CPU-second err low
 * for both, and the ratio errs towards 1. The benchmark thread parks until the listener has counted
 * its batch.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar WebSocketReceive -prof io.chainwatch.bench.CpuTimeProfiler}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class WebSocketReceiveBenchmark {
    private static final int BATCH = 1_024;

    /** {@code blocking-bytes}: our client handing the listener each message's bytes, as the Solana logs stream takes them. */
    @Param({"blocking", "blocking-bytes", "jdk"})
    public String client;

    private ServerSocket server;
    private Thread serverThread;
    private HttpClient jdk;
    private WebSocket socket;
    /** Messages counted: written by the listener's thread only. */
    private volatile long received;
    /** The count the benchmark thread waits for, and that thread. */
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] frames = frames(LogsIngestBenchmark.notifications(TradeEventLines.generate(TradeEventLines.Layout.CURRENT).lines()));
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverThread = Thread.ofPlatform().name("bench-ws-server").daemon(true).start(() -> serve(frames));
        URI url = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/");
        TextMessageListener listener = new TextMessageListener(1 << 20, this::count, (kind, why) -> {
            throw new IllegalStateException(kind + ": " + why);
        });
        TextMessageListener bytesListener = TextMessageListener.ofUtf8(1 << 20, (utf8, offset, length) -> count(length), (kind, why) -> {
            throw new IllegalStateException(kind + ": " + why);
        });
        socket = switch (client) {
            case "blocking", "blocking-bytes" -> BlockingWebSocket.connect(url, new WebSocketOptions("ws-bench", 5_000, 1 << 20,
                    SSLContext.getDefault(), new SecureRandom(), n -> { }), client.equals("blocking") ? listener : bytesListener)
                    .get(10, TimeUnit.SECONDS);
            case "jdk" -> {
                jdk = HttpClient.newHttpClient();
                yield jdk.newWebSocketBuilder().buildAsync(url, listener).get(10, TimeUnit.SECONDS);
            }
            default -> throw new IllegalArgumentException("client: blocking or jdk, got " + client);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        socket.abort();
        server.close();
        serverThread.interrupt();
        if (jdk != null) {
            jdk.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long receive() {
        waiter = Thread.currentThread();
        long until = received + BATCH;
        target = until;
        while (received < until) {
            LockSupport.park(this);
        }
        return until;
    }

    private void count(String text) {
        count(text.length());
    }

    private void count(int length) {
        if (length < 100) {
            throw new IllegalStateException("not a notification: " + length + " characters");
        }
        long n = received + 1; // one writer: the listener's thread
        received = n;
        if (n == target) {
            LockSupport.unpark(waiter);
        }
    }

    /** Answers one client's handshake, then writes the frames over and over until the socket closes. */
    private void serve(byte[] frames) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String request = readHead(in);
            String key = request.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                    .map(l -> l.substring(18).trim()).findFirst().orElseThrow();
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            while (!Thread.currentThread().isInterrupted()) {
                out.write(frames);
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // The trial is over: the client or the server socket was closed.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) { // up to the blank line
            int b = in.read();
            if (b < 0) {
                throw new IOException("client left during the handshake");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The messages as unmasked, unfragmented server text frames, one after the other. */
    private static byte[] frames(String[] messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            byte[] payload = m.getBytes(StandardCharsets.UTF_8);
            out.write(0x81);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length <= 0xFFFF) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xFF);
            } else {
                throw new IllegalArgumentException("a notification over 64 KiB");
            }
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }
}
