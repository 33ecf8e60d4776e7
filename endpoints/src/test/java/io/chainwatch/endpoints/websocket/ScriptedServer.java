package io.chainwatch.endpoints.websocket;

import javax.net.ServerSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server of a few lines on 127.0.0.1, for the faults a real server will not commit on
 * demand (a masked frame, a wrong accept key, invalid UTF-8, a connection cut mid-frame). It takes
 * one connection, answers its handshake as the test says, then runs the test's script against the
 * raw socket. A fake of an outside party, the WebSocket server; not a mock of our code.
 */
final class ScriptedServer implements AutoCloseable {
    /** What the server does once the client has sent its upgrade request. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<String> request = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    ScriptedServer(Script script) throws IOException {
        this(ServerSocketFactory.getDefault(), script);
    }

    ScriptedServer(ServerSocketFactory factory, Script script) throws IOException {
        server = factory.createServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                Peer peer = new Peer(s, readRequest(s.getInputStream()));
                request.complete(peer.request);
                script.run(peer);
                done.complete(null);
            } catch (Exception e) {
                request.completeExceptionally(e);
                done.completeExceptionally(e);
            }
        });
    }

    URI url(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The client's upgrade request as it came (headers, no blank line). */
    String request() throws Exception {
        return request.get(10, TimeUnit.SECONDS);
    }

    /** Waits for the script to end; rethrows what it threw. */
    void awaitScript() throws Exception {
        done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client went away in its request");
            }
            head.write(b);
            byte[] h = head.toByteArray();
            if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r' && h[h.length - 1] == '\n') {
                return new String(h, 0, h.length - 4, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** A frame the client sent, unmasked. */
    record Frame(boolean fin, int opcode, boolean masked, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** The server's end of one connection. */
    static final class Peer {
        final Socket socket;
        final String request;
        final DataInputStream in;
        final OutputStream out;

        Peer(Socket socket, String request) throws IOException {
            this.socket = socket;
            this.request = request;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        String key() {
            return request.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        }

        /** Answers 101 with the right accept key. */
        void accept() throws IOException {
            answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + Handshake.accept(key()) + "\r\n\r\n");
        }

        void answer(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** A server frame: unmasked, the shortest length form. */
        void send(boolean fin, int opcode, byte[] payload) throws IOException {
            out.write(frame(fin, opcode, payload, false));
            out.flush();
        }

        void sendText(String text) throws IOException {
            send(true, FrameInput.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }

        static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | opcode);
            int mask = masked ? 0x80 : 0;
            if (payload.length < 126) {
                f.write(mask | payload.length);
            } else if (payload.length <= 0xFFFF) {
                f.write(mask | 126);
                f.write(payload.length >>> 8);
                f.write(payload.length & 0xFF);
            } else {
                f.write(mask | 127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
                }
            }
            byte[] key = {1, 2, 3, 4};
            if (masked) {
                f.writeBytes(key);
            }
            for (int i = 0; i < payload.length; i++) {
                f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
            }
            return f.toByteArray();
        }

        /** The client's next frame, unmasked. */
        Frame read() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] key = new byte[4];
            boolean masked = (b1 & 0x80) != 0;
            if (masked) {
                in.readFully(key);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, masked, payload);
        }

        /** Waits until the client closes the connection; true if it sent nothing more before. */
        boolean awaitEnd() throws IOException {
            return in.read() < 0;
        }

        static byte[] repeat(char c, int count) {
            byte[] b = new byte[count];
            Arrays.fill(b, (byte) c);
            return b;
        }
    }
}
