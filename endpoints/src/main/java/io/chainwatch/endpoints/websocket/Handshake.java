package io.chainwatch.endpoints.websocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The opening handshake of RFC 6455 section 4, client side: the upgrade request (no extension, no
 * subprotocol offered) and the check of the server's answer. Messages never hold the URL: it may
 * carry an API key in its path or query.
 */
final class Handshake {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String key;

    private Handshake(String key) {
        this.key = key;
    }

    /** A handshake with a fresh key: 16 random bytes, base64. */
    static Handshake withRandomKey(SecureRandom random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return new Handshake(Base64.getEncoder().encodeToString(nonce));
    }

    String key() {
        return key;
    }

    /** The GET upgrade request for {@code url}, whose scheme's default port is {@code defaultPort}. */
    byte[] request(URI url, int defaultPort) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String host = url.getPort() == -1 || url.getPort() == defaultPort ? url.getHost() : url.getHost() + ":" + url.getPort();
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Checks the answer's status line and header block; throws what is wrong with it. */
    void check(String headerBlock) throws WebSocketRefusedException, WebSocketProtocolException {
        String[] lines = headerBlock.split("\r\n");
        int status = status(lines[0]);
        if (status != 101) {
            throw new WebSocketRefusedException(status, "websocket handshake refused: " + printable(lines[0]));
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
            throw refused("no 'Upgrade: websocket' header");
        }
        if (!hasToken(headers.get("connection"), "upgrade")) {
            throw refused("no 'Connection: Upgrade' header");
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
            throw refused("Sec-WebSocket-Accept does not match the key sent");
        }
        if (headers.containsKey("sec-websocket-extensions")) {
            throw refused("the server chose an extension, none was offered");
        }
        if (headers.containsKey("sec-websocket-protocol")) {
            throw refused("the server chose a subprotocol, none was offered");
        }
    }

    /** base64(SHA-1(key + the RFC's GUID)): what the server must answer to {@code key}. */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static int status(String statusLine) throws WebSocketProtocolException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw refused("not an HTTP/1.1 answer: " + printable(statusLine));
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw refused("no status in " + printable(statusLine));
        }
    }

    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** A line of the server's answer, cut short and with control characters out, fit for an error message. */
    private static String printable(String line) {
        String cut = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static WebSocketProtocolException refused(String why) {
        return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, "websocket handshake refused: " + why);
    }
}
