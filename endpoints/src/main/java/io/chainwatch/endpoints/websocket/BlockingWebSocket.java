package io.chainwatch.endpoints.websocket;

import io.chainwatch.endpoints.net.ClientTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket client (RFC 6455) over a blocking socket, read by one platform thread of its own,
 * for streams whose listener wants whole messages in order on one thread. It implements the JDK's
 * {@link WebSocket}, so code written for {@code java.net.http} works on it unchanged, but without
 * that client's per-message selector, scheduler and decoder work: frames are read into one reused
 * buffer and text is made with {@code new String(bytes, UTF_8)}, or, for a listener that is also a
 * {@link Utf8TextListener}, handed over as the buffer's bytes with no String at all.
 *
 * <p>Contract, where it differs from or narrows the JDK's:
 * <ul>
 *   <li>Every message reaches the listener whole ({@code last} is always true), binary ones as a
 *       buffer of their own; the {@link java.util.concurrent.CompletionStage} a listener returns is
 *       not waited for, as the text is a String and the bytes a copy (a {@link Utf8TextListener}'s
 *       bytes are valid only during its call).</li>
 *   <li>Listener methods run on the reader thread, one at a time, in order. A listener that blocks
 *       stops the reading, and TCP then holds the server back: that is the back-pressure. Text,
 *       binary, ping and pong each wait for demand ({@link #request}); open, close and error do not.</li>
 *   <li>A ping is answered with a pong of the same bytes before {@code onPing}. A close from the
 *       server is told to {@code onClose}, answered with the same code unless the listener closed
 *       the output itself, and the socket is closed. {@code onClose} or {@code onError} is told at
 *       most once, and neither after {@link #abort}.</li>
 *   <li>A protocol violation, invalid UTF-8 or a message over the limit fails the connection: a close
 *       frame with 1002, 1007 or 1009, then {@code onError} with a {@link WebSocketProtocolException}.
 *       An I/O error, or the connection ending without a close frame, is {@code onError} too.</li>
 *   <li>Sends write the whole frame before they return, serialized, and return a completed future.
 *       A send blocks while the server does not read.</li>
 * </ul>
 *
 * <p>Thread-safe: the reader thread owns the input side; sends may come from any thread.
 */
public final class BlockingWebSocket implements WebSocket {
    private static final Logger log = LoggerFactory.getLogger(BlockingWebSocket.class);
    private static final int MAX_HANDSHAKE_HEADER_BYTES = 16 * 1024;
    private static final int NO_STATUS_RECEIVED = 1005;
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final URI url;
    private final WebSocketOptions options;
    private final Listener listener;
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    /** Onclose or onError has been told. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object demandLock = new Object();
    /** Messages the listener asked for and has not had; guarded by demandLock. */
    private long demand;
    private final Object sendLock = new Object();
    /** The opcode of the message whose fragments are being sent, or -1; guarded by sendLock. */
    private int sendingFragmentsOf = -1;
    /** The TCP socket: closing it ends everything at once, TLS or not. */
    private volatile Socket tcp;
    private volatile FrameOutput output;
    private volatile boolean inputClosed;
    private volatile boolean outputClosed;
    private volatile boolean aborted;

    // Owned by the reader thread.
    private FrameInput input;
    private byte[] fragments = new byte[0];
    private int fragmentsLength;
    private int fragmentsOf = -1;

    private BlockingWebSocket(URI url, WebSocketOptions options, Listener listener) {
        this.url = url;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URL on a new reader thread: the future completes
     * with the open WebSocket, then the listener's {@code onOpen} runs and reading begins. It fails
     * with a {@link java.net.SocketTimeoutException} past the connect timeout, a
     * {@link WebSocketRefusedException} for an HTTP status other than 101, a
     * {@link WebSocketProtocolException} for a malformed answer, or the I/O error. Messages name no URL.
     */
    public static CompletableFuture<WebSocket> connect(URI url, WebSocketOptions options, Listener listener) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("websocket URL scheme must be ws or wss"));
        }
        if (url.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("websocket URL has no host"));
        }
        BlockingWebSocket ws = new BlockingWebSocket(url, options, listener);
        Thread.ofPlatform().name(options.name()).daemon(true).start(ws::run);
        return ws.opened;
    }

    private void run() {
        try {
            open();
        } catch (IOException | RuntimeException e) {
            aborted = true;
            closeTcp();
            opened.completeExceptionally(e);
            return;
        }
        if (!opened.complete(this)) {
            abort(); // the caller gave up on it while it opened
            return;
        }
        try {
            listener.onOpen(this);
            read();
        } catch (WebSocketProtocolException e) {
            failConnection(e.closeCode(), e);
        } catch (IOException e) {
            failConnection(-1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        } catch (RuntimeException e) {
            failConnection(1011, e); // the listener threw: nothing more can be handed to it in order
        }
    }

    private void open() throws IOException {
        boolean tls = url.getScheme().equalsIgnoreCase("wss");
        int defaultPort = tls ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        int port = url.getPort() == -1 ? defaultPort : url.getPort();
        long deadline = System.nanoTime() + options.connectTimeoutMs() * 1_000_000;
        Socket socket = new Socket();
        tcp = socket;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), remainingMs(deadline));
            if (tls) {
                socket = ClientTls.start(options.sslContext(), socket, host, port, remainingMs(deadline));
            }
            Handshake handshake = Handshake.withRandomKey(options.random());
            OutputStream out = socket.getOutputStream();
            out.write(handshake.request(url, defaultPort));
            out.flush();
            FrameInput in = new FrameInput(socket.getInputStream(), options.maxMessageBytes());
            socket.setSoTimeout(remainingMs(deadline));
            handshake.check(in.headerBlock(MAX_HANDSHAKE_HEADER_BYTES));
            socket.setSoTimeout(0); // open: a subscription may stay quiet for long
            input = in;
            output = new FrameOutput(out, options.random());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("websocket connect and handshake took over " + options.connectTimeoutMs() + " ms");
        }
    }

    private int remainingMs(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private void read() throws IOException, InterruptedException {
        FrameInput in = input;
        while (true) {
            in.next(fragmentsLength);
            options.receivedBytes().accept(in.payloadLength());
            switch (in.opcode()) {
                case FrameInput.TEXT, FrameInput.BINARY -> {
                    if (fragmentsOf != -1) {
                        throw protocol("a new message before the last fragment of the one before");
                    }
                    if (in.fin()) {
                        deliver(in.opcode(), in.buffer(), in.payloadOffset(), in.payloadLength());
                    } else {
                        fragmentsOf = in.opcode();
                        keepFragment(in);
                    }
                }
                case FrameInput.CONTINUATION -> {
                    if (fragmentsOf == -1) {
                        throw protocol("a continuation frame with no message under way");
                    }
                    keepFragment(in);
                    if (in.fin()) {
                        int opcode = fragmentsOf;
                        int length = fragmentsLength;
                        fragmentsOf = -1;
                        fragmentsLength = 0;
                        deliver(opcode, fragments, 0, length);
                    }
                }
                case FrameInput.PING -> {
                    byte[] payload = payload(in);
                    sendPong(ByteBuffer.wrap(payload)); // fails only when the output is closed or broken: the reading goes on
                    awaitDemand();
                    listener.onPing(this, ByteBuffer.wrap(payload));
                }
                case FrameInput.PONG -> {
                    awaitDemand();
                    listener.onPong(this, ByteBuffer.wrap(payload(in)));
                }
                default -> { // CLOSE: FrameInput lets no other opcode through
                    closeReceived(in);
                    return;
                }
            }
        }
    }

    private void deliver(int opcode, byte[] bytes, int offset, int length) throws IOException, InterruptedException {
        if (opcode == FrameInput.TEXT && listener instanceof Utf8TextListener utf8) {
            checkUtf8(bytes, offset, length);
            awaitDemand();
            utf8.onText(this, bytes, offset, length);
        } else if (opcode == FrameInput.TEXT) {
            String text = text(bytes, offset, length);
            awaitDemand();
            listener.onText(this, text, true);
        } else {
            awaitDemand();
            listener.onBinary(this, ByteBuffer.wrap(Arrays.copyOfRange(bytes, offset, offset + length)), true);
        }
    }

    /** The text of UTF-8 bytes, or 1007 if they are not UTF-8. */
    static String text(byte[] bytes, int offset, int length) throws WebSocketProtocolException {
        checkUtf8(bytes, offset, length);
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    private static void checkUtf8(byte[] bytes, int offset, int length) throws WebSocketProtocolException {
        if (!Utf8.isValid(bytes, offset, length)) {
            throw new WebSocketProtocolException(WebSocketProtocolException.INVALID_DATA, "invalid UTF-8 in a text message");
        }
    }

    private void keepFragment(FrameInput in) {
        int needed = fragmentsLength + in.payloadLength(); // within the message limit: FrameInput checked it
        if (needed > fragments.length) {
            fragments = Arrays.copyOf(fragments, (int) Math.min(Math.max(needed, 2L * fragments.length), options.maxMessageBytes()));
        }
        System.arraycopy(in.buffer(), in.payloadOffset(), fragments, fragmentsLength, in.payloadLength());
        fragmentsLength = needed;
    }

    private static byte[] payload(FrameInput in) {
        return Arrays.copyOfRange(in.buffer(), in.payloadOffset(), in.payloadOffset() + in.payloadLength());
    }

    private void closeReceived(FrameInput in) throws WebSocketProtocolException {
        int code = NO_STATUS_RECEIVED;
        String reason = "";
        if (in.payloadLength() == 1) {
            throw protocol("a close frame of one byte");
        }
        if (in.payloadLength() >= 2) {
            code = ((in.buffer()[in.payloadOffset()] & 0xFF) << 8) | (in.buffer()[in.payloadOffset() + 1] & 0xFF);
            if (!(code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999)) {
                throw protocol("a close frame with the code " + code);
            }
            reason = text(in.buffer(), in.payloadOffset() + 2, in.payloadLength() - 2);
        }
        inputClosed = true;
        if (!aborted && ended.compareAndSet(false, true)) {
            listener.onClose(this, code, reason);
        }
        sendClose(code == NO_STATUS_RECEIVED ? NORMAL_CLOSURE : code, ""); // nothing if the listener closed the output; a failure changes nothing
        outputClosed = true;
        closeTcp();
    }

    /** Ends the connection for a fault: a close frame with {@code closeCode} if one can go (not -1), then {@code onError}. */
    private void failConnection(int closeCode, Exception cause) {
        if (closeCode != -1) {
            sendClose(closeCode, ""); // if it can go; the fault told is the first one either way
        }
        inputClosed = true;
        outputClosed = true;
        closeTcp();
        if (!aborted && ended.compareAndSet(false, true)) {
            try {
                listener.onError(this, cause);
            } catch (RuntimeException e) {
                log.warn("websocket {}: the listener's onError threw", options.name(), e);
            }
        }
    }

    private void awaitDemand() throws InterruptedException, SocketException {
        synchronized (demandLock) {
            while (demand == 0 && !aborted) {
                demandLock.wait();
            }
            if (aborted) {
                throw new SocketException("aborted");
            }
            demand--;
        }
    }

    private static WebSocketProtocolException protocol(String what) {
        return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, "protocol error: " + what);
    }

    /** Writes one frame, or fails if the output is closed; a close frame closes the output. */
    private void send(int opcode, boolean fin, byte[] payload) throws IOException {
        synchronized (sendLock) {
            if (outputClosed) {
                throw new IOException("websocket output closed");
            }
            output.write(opcode, fin, payload);
            if (opcode == FrameInput.CLOSE) {
                outputClosed = true;
            }
        }
    }

    private CompletableFuture<WebSocket> sendData(int opcode, byte[] payload, boolean last) {
        synchronized (sendLock) {
            if (sendingFragmentsOf != -1 && sendingFragmentsOf != opcode) {
                return CompletableFuture.failedFuture(new IllegalStateException("a message of another type is being sent in parts"));
            }
            try {
                send(sendingFragmentsOf == -1 ? opcode : FrameInput.CONTINUATION, last, payload);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            sendingFragmentsOf = last ? -1 : opcode;
            return CompletableFuture.completedFuture(this);
        }
    }

    private CompletableFuture<WebSocket> sendControl(int opcode, ByteBuffer message) {
        if (message.remaining() > 125) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a control frame holds at most 125 bytes"));
        }
        try {
            send(opcode, true, bytes(message));
            return CompletableFuture.completedFuture(this);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        return sendData(FrameInput.TEXT, data.toString().getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        return sendData(FrameInput.BINARY, bytes(data), last);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return sendControl(FrameInput.PING, message);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return sendControl(FrameInput.PONG, message);
    }

    /**
     * Sends a close frame and closes the output; the socket closes when the server's close has come
     * too (or on {@link #abort}). Completes normally if the output was closed already.
     */
    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > MAX_CLOSE_REASON_BYTES || statusCode < 1000 || statusCode > 4999) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "close code must be 1000 to 4999 and the reason at most 123 bytes, got " + statusCode + " and " + reasonBytes.length));
        }
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (statusCode >>> 8);
        payload[1] = (byte) statusCode;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        synchronized (sendLock) {
            if (outputClosed) {
                return CompletableFuture.completedFuture(this);
            }
            try {
                send(FrameInput.CLOSE, true, payload);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (inputClosed) {
            closeTcp();
        }
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("request: n must be positive, got " + n);
        }
        synchronized (demandLock) {
            demand = demand > Long.MAX_VALUE - n ? Long.MAX_VALUE : demand + n;
            demandLock.notifyAll();
        }
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed;
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    /** Closes the socket at once; the listener is told nothing more. */
    @Override
    public void abort() {
        aborted = true;
        inputClosed = true;
        outputClosed = true;
        synchronized (demandLock) {
            demandLock.notifyAll();
        }
        closeTcp();
    }

    private void closeTcp() {
        Socket socket = tcp;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that was wanted.
            }
        }
    }
}
