package io.chainwatch.endpoints.net;

import javax.net.ServerSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a loopback socket that answers each request as a test scripts it, byte by byte: the faults and
 * framings a real node's HTTP server does not show on demand (an answer cut short, a chunked body, a connection closed
 * while idle, a trickle). Counts connections and requests, and keeps the requests as it read them.
 */
public final class ScriptedHttpServer implements AutoCloseable {
    /** What the server does with one request on a connection: {@code n} counts requests over all connections. */
    public interface Answer {
        /** False to close the connection after this answer. */
        boolean answer(int n, String request, OutputStream out) throws IOException, InterruptedException;
    }

    public final ServerSocket socket;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    public final List<String> seen = new CopyOnWriteArrayList<>();
    private final Answer answer;

    public ScriptedHttpServer(Answer answer) throws IOException {
        this(ServerSocketFactory.getDefault(), answer);
    }

    public ScriptedHttpServer(ServerSocketFactory factory, Answer answer) throws IOException {
        this.answer = answer;
        this.socket = factory.createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                seen.add(request);
                if (!answer.answer(requests.incrementAndGet(), request, s.getOutputStream())) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    /** The head and the body (by its Content-Length), or null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    public URI url(String scheme, String pathAndQuery) {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Writes {@code text} and flushes; true, so that an answer can end with it. */
    public static boolean send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    /** A 200 answer with {@code body} and its length. */
    public static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
    }
}
