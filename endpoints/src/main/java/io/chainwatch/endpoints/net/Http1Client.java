package io.chainwatch.endpoints.net;

import javax.net.ssl.SSLContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 POST over keep-alive connections, pooled per origin, on the caller's thread: the
 * request is written in one piece, the answer read into one array (straight into it when the
 * server gives its length) and handed back. Made for JSON-RPC, where the JDK's client spent more
 * on its selector, its executors and their hand-offs than on the bytes (the Solana feed's
 * listings: about 90 answers of 200 kB a second).
 *
 * <ul>
 *   <li>Bodies by {@code Content-Length}, {@code chunked}, or up to the close; interim 1xx answers skipped.</li>
 *   <li>The deadline covers the whole exchange, the body's last byte included: an endpoint that
 *       trickles its answer is timed out like one that is silent.</li>
 *   <li>A body over the caller's limit is not read: the answer has a null body and the connection is closed.</li>
 *   <li>A connection taken from the pool that turns out closed by the server (the write fails, or it
 *       ends before the first byte of an answer) is replaced by a new one, once. Nothing of an answer
 *       came, so the server cannot have acted on a request it never read; a server that read it and
 *       closed without answering gets it twice, which JSON-RPC reads and sending a signed
 *       transaction (the same transaction, refused as known) survive.</li>
 *   <li>Idle connections are kept at most {@link #IDLE_MS} and {@link #MAX_IDLE_PER_ORIGIN} an origin.</li>
 * </ul>
 *
 * <p>Thread-safe; each call holds one connection. Error messages name neither the URL's path nor its
 * query, where providers put their keys.
 */
public final class Http1Client implements AutoCloseable {
    /** An answer: its status, and its body, or null when the body was over the limit. */
    public record Response(int status, byte[] body) {
    }

    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final long IDLE_MS = 20_000;
    static final int MAX_IDLE_PER_ORIGIN = 16;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final byte[] NO_BODY = new byte[0];

    private record Origin(boolean tls, String host, int port) {
    }

    private final SSLContext tls;
    private final int connectTimeoutMs;
    private final Map<Origin, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param tls              trust and keys for {@code https://}
     * @param connectTimeoutMs most time for a new connection's TCP connect and TLS handshake (the
     *                         call's deadline, if sooner, wins)
     */
    public Http1Client(SSLContext tls, int connectTimeoutMs) {
        this.tls = tls;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * POSTs {@code body} to {@code url} and reads the answer, all by {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws SocketTimeoutException past the deadline
     * @throws HttpProtocolException  when the answer is not HTTP/1.x
     * @throws IOException            when the connection fails (a refused connect is a {@link java.net.ConnectException})
     */
    public Response post(URI url, String contentType, byte[] body, long deadlineNanos, int maxBodyBytes) throws IOException {
        Origin origin = origin(url);
        byte[] request = request(url, contentType, body);
        Connection c = pooled(origin);
        if (c != null) {
            try {
                return exchange(c, origin, request, deadlineNanos, maxBodyBytes);
            } catch (IOException e) {
                if (c.answerStarted || e instanceof SocketTimeoutException || e instanceof HttpProtocolException) {
                    throw e;
                }
                // closed by the server while idle: once more, on a new connection
            }
        }
        return exchange(open(origin, deadlineNanos), origin, request, deadlineNanos, maxBodyBytes);
    }

    private static Origin origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an HTTP endpoint's URL must be http:// or https://, not " + scheme + "://");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("an HTTP endpoint's URL has no host");
        }
        boolean tls = scheme.equals("https");
        return new Origin(tls, url.getHost(), url.getPort() == -1 ? (tls ? 443 : 80) : url.getPort());
    }

    private static byte[] request(URI url, String contentType, byte[] body) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        String host = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nUser-Agent: chainwatch\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** An idle connection to the origin, or null; those idle too long are closed on the way. */
    private Connection pooled(Origin origin) {
        ConcurrentLinkedDeque<Connection> q = idle.get(origin);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Connection c; (c = q.pollFirst()) != null; ) {
            if (now - c.idleSince < IDLE_MS * 1_000_000) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(Origin origin, Connection c) {
        ConcurrentLinkedDeque<Connection> q = idle.computeIfAbsent(origin, o -> new ConcurrentLinkedDeque<>());
        c.idleSince = System.nanoTime();
        c.answerStarted = false;
        if (closed || q.size() >= MAX_IDLE_PER_ORIGIN) {
            c.close();
            return;
        }
        q.addFirst(c); // the most recently used first: the others age out
        if (closed) {
            closeIdle();
        }
    }

    private Connection open(Origin origin, long deadlineNanos) throws IOException {
        if (closed) {
            throw new IOException("the HTTP client is closed");
        }
        long connectBy = Math.min(deadlineNanos, System.nanoTime() + connectTimeoutMs * 1_000_000L);
        String host = origin.host().startsWith("[") ? origin.host().substring(1, origin.host().length() - 1) : origin.host();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, origin.port()), remainingMs(connectBy, "connect"));
            if (origin.tls()) {
                socket = ClientTls.start(tls, socket, host, origin.port(), remainingMs(connectBy, "TLS handshake"));
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Response exchange(Connection c, Origin origin, byte[] request, long deadline, int maxBodyBytes) throws IOException {
        boolean keep = false;
        try {
            c.socket.setSoTimeout(remainingMs(deadline, "request"));
            c.out.write(request);
            c.out.flush();
            Head head;
            do {
                head = c.head(deadline);
            } while (head.status < 200 && head.status != 101);
            if (head.status == 101) {
                throw new HttpProtocolException("HTTP 101 (switching protocols) to a POST");
            }
            byte[] body;
            if (head.status == 204 || head.status == 304) {
                body = NO_BODY;
            } else if (head.chunked) {
                body = c.chunked(deadline, maxBodyBytes);
            } else if (head.length >= 0) {
                body = head.length > maxBodyBytes ? null : c.fixed((int) head.length, deadline);
            } else {
                body = c.untilClose(deadline, maxBodyBytes);
                head.keepAlive = false;
            }
            keep = body != null && head.keepAlive && c.pos == c.lim; // bytes past the answer: the connection is out of step
            return new Response(head.status, body);
        } finally {
            if (keep) {
                release(origin, c);
            } else {
                c.close();
            }
        }
    }

    static int remainingMs(long deadlineNanos, String step) throws SocketTimeoutException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("HTTP " + step + ": out of time");
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private void closeIdle() {
        for (ConcurrentLinkedDeque<Connection> q : idle.values()) {
            for (Connection c; (c = q.pollFirst()) != null; ) {
                c.close();
            }
        }
    }

    /** Closes the idle connections; those in use close when their call ends. New calls fail. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private static final class Head {
        int status;
        long length = -1;
        boolean chunked;
        boolean keepAlive;
    }

    /** One connection and its read buffer. */
    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[BUFFER_BYTES];
        int pos;
        int lim;
        long idleSince;
        /** Whether a byte of an answer came on this connection since it was last taken. */
        boolean answerStarted;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads more into the buffer (which must be used up); false at the end of the stream. */
        private boolean fill(long deadline) throws IOException {
            socket.setSoTimeout(remainingMs(deadline, "answer"));
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            lim = n;
            answerStarted = true;
            return true;
        }

        private int read(long deadline) throws IOException {
            if (pos == lim && !fill(deadline)) {
                return -1;
            }
            return buf[pos++] & 0xFF;
        }

        /** A line of the head, without its CRLF (a bare LF is taken too), counted against {@code budget}. */
        private String line(long deadline, int[] budget) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                int b = read(deadline);
                if (b < 0) {
                    throw answerStarted ? new EOFException("HTTP: the connection closed in the middle of an answer's head")
                            : new EOFException("HTTP: the connection closed before an answer");
                }
                if (--budget[0] < 0) {
                    throw new HttpProtocolException("HTTP: an answer's head over " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\n') {
                    int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                    sb.setLength(end);
                    return sb.toString();
                }
                sb.append((char) b);
            }
        }

        Head head(long deadline) throws IOException {
            int[] budget = {MAX_HEADER_BYTES};
            String status = line(deadline, budget);
            // HTTP/1.1 200 OK: the version, a space, three digits, then a space and a reason, or the end.
            if (status.length() < 12 || !status.startsWith("HTTP/1.") || status.charAt(8) != ' '
                    || (status.length() > 12 && status.charAt(12) != ' ')) {
                throw new HttpProtocolException("HTTP: not a status line: " + printable(status));
            }
            Head head = new Head();
            head.status = digits(status, 9, 12);
            if (head.status < 0) {
                throw new HttpProtocolException("HTTP: not a status code in " + printable(status));
            }
            boolean http10 = status.charAt(7) == '0';
            boolean close = http10;
            for (String line = line(deadline, budget); !line.isEmpty(); line = line(deadline, budget)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new HttpProtocolException("HTTP: not a header: " + printable(line));
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> {
                        long length = value.length() > 18 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9') || value.isEmpty()
                                ? -1 : Long.parseLong(value);
                        if (length < 0 || (head.length >= 0 && head.length != length)) {
                            throw new HttpProtocolException("HTTP: a bad Content-Length: " + printable(value));
                        }
                        head.length = length;
                    }
                    case "transfer-encoding" -> {
                        String last = value.substring(value.lastIndexOf(',') + 1).trim();
                        if (!last.equalsIgnoreCase("chunked")) {
                            throw new HttpProtocolException("HTTP: a transfer coding this client does not read: " + printable(value));
                        }
                        head.chunked = true;
                    }
                    case "connection" -> {
                        for (String token : value.split(",")) {
                            if (token.trim().equalsIgnoreCase("close")) {
                                close = true;
                            } else if (token.trim().equalsIgnoreCase("keep-alive") && http10) {
                                close = false;
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            head.keepAlive = !close;
            return head;
        }

        /** The non-negative decimal in {@code s[from, to)}, or -1. */
        private static int digits(String s, int from, int to) {
            if (from >= to) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    return -1;
                }
                v = v * 10 + (ch - '0');
                if (v > Integer.MAX_VALUE) {
                    return -1;
                }
            }
            return (int) v;
        }

        private static String printable(String s) {
            String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
            return "'" + cut.replaceAll("[^\\x20-\\x7E…]", "?") + "'";
        }

        /** Exactly {@code length} bytes, read straight into the result past what the buffer holds. */
        byte[] fixed(int length, long deadline) throws IOException {
            byte[] body = new byte[length];
            int have = Math.min(length, lim - pos);
            System.arraycopy(buf, pos, body, 0, have);
            pos += have;
            while (have < length) {
                socket.setSoTimeout(remainingMs(deadline, "answer"));
                int n = in.read(body, have, length - have);
                if (n < 0) {
                    throw new EOFException("HTTP: the connection closed after " + have + " of the body's " + length + " bytes");
                }
                have += n;
            }
            return body;
        }

        /** The chunks' bytes, or null past {@code max}. */
        byte[] chunked(long deadline, int max) throws IOException {
            Bytes out = new Bytes();
            int[] budget = {MAX_HEADER_BYTES};
            while (true) {
                String sizeLine = line(deadline, budget);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
                int size;
                try {
                    size = hex.isEmpty() || hex.length() > 7 ? -1 : Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) {
                    throw new HttpProtocolException("HTTP: not a chunk size: " + printable(sizeLine));
                }
                if (size == 0) {
                    while (!line(deadline, budget).isEmpty()) {
                        // trailers: not used
                    }
                    return out.toArray();
                }
                if ((long) out.size + size > max) {
                    return null;
                }
                out.add(fixed(size, deadline));
                budget[0] = MAX_HEADER_BYTES;
                if (!line(deadline, budget).isEmpty()) {
                    throw new HttpProtocolException("HTTP: a chunk longer than its size");
                }
            }
        }

        /** The bytes up to the close, or null past {@code max}. */
        byte[] untilClose(long deadline, int max) throws IOException {
            Bytes out = new Bytes();
            while (true) {
                if (pos < lim) {
                    if ((long) out.size + (lim - pos) > max) {
                        return null;
                    }
                    out.add(Arrays.copyOfRange(buf, pos, lim));
                    pos = lim;
                }
                if (!fill(deadline)) {
                    return out.toArray();
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing more to do with it
            }
        }
    }

    /** Pieces kept as they come and joined once. */
    private static final class Bytes {
        final ArrayList<byte[]> pieces = new ArrayList<>();
        int size;

        void add(byte[] piece) {
            pieces.add(piece);
            size += piece.length;
        }

        byte[] toArray() {
            if (pieces.size() == 1) {
                return pieces.getFirst();
            }
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] p : pieces) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
    }
}
