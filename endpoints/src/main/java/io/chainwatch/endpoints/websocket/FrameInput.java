package io.chainwatch.endpoints.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RFC 6455 frames sent by a server from a blocking stream into one reusable buffer: after
 * {@link #next}, the frame's payload is {@code buffer()[payloadOffset(), + payloadLength())}, valid
 * until the next call. The buffer grows to the largest frame met, never past the message limit. It
 * also reads the handshake answer's header block, so that frames the server sends right behind it
 * stay in the buffer. Owned by the connection's reader thread; not thread-safe.
 */
final class FrameInput {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_HEADER = 14;

    private final InputStream in;
    private final int maxMessageBytes;
    private byte[] buffer = new byte[1 << 16];
    /** Next unread byte, and the end of what has been read. */
    private int position;
    private int limit;

    private boolean fin;
    private int opcode;
    private int payloadOffset;
    private int payloadLength;

    FrameInput(InputStream in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads the next whole frame. {@code messageBytes} is what the fragments of the message under way
     * already hold, so that a message over the limit is refused by its header, before its bytes.
     */
    void next(int messageBytes) throws IOException {
        fill(2, messageBytes > 0);
        int b0 = buffer[position] & 0xFF;
        int b1 = buffer[position + 1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw protocol("a frame with reserved bits set (no extension was agreed)");
        }
        if ((b1 & 0x80) != 0) {
            throw protocol("a masked frame from the server");
        }
        int header = 2;
        long length = b1 & 0x7F;
        if (length == 126) {
            fill(4, true);
            length = ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
            header = 4;
        } else if (length == 127) {
            fill(10, true);
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (buffer[position + i] & 0xFF);
            }
            if (length < 0) {
                throw protocol("a frame length with its most significant bit set");
            }
            header = 10;
        }
        checkOpcode(length);
        if (opcode < CLOSE && length > maxMessageBytes - messageBytes) { // control frames, at most 125 bytes, are no part of a message
            throw new WebSocketProtocolException(WebSocketProtocolException.MESSAGE_TOO_BIG,
                    "a message over " + maxMessageBytes + " bytes (a frame of " + length + ")");
        }
        fill(header + (int) length, true);
        payloadOffset = position + header;
        payloadLength = (int) length;
        position = payloadOffset + payloadLength;
    }

    private void checkOpcode(long length) throws WebSocketProtocolException {
        switch (opcode) {
            case CONTINUATION, TEXT, BINARY -> {
            }
            case CLOSE, PING, PONG -> {
                if (!fin) {
                    throw protocol("a fragmented control frame");
                }
                if (length > MAX_CONTROL_PAYLOAD) {
                    throw protocol("a control frame of " + length + " bytes (at most 125)");
                }
            }
            default -> throw protocol("a frame with the reserved opcode " + opcode);
        }
    }

    /**
     * The header block of the handshake answer, up to the blank line, in ISO-8859-1; the bytes after
     * it stay for {@link #next}. Reads with the socket's timeout as the caller set it.
     */
    String headerBlock(int maxBytes) throws IOException {
        int scanned = position;
        while (true) {
            for (; scanned + 3 < limit; scanned++) {
                if (buffer[scanned] == '\r' && buffer[scanned + 1] == '\n' && buffer[scanned + 2] == '\r' && buffer[scanned + 3] == '\n') {
                    String block = new String(buffer, position, scanned - position, StandardCharsets.ISO_8859_1);
                    position = scanned + 4;
                    return block;
                }
            }
            if (limit - position >= maxBytes) {
                throw new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR,
                        "handshake answer headers over " + maxBytes + " bytes");
            }
            int read = in.read(buffer, limit, Math.min(buffer.length, position + maxBytes) - limit);
            if (read < 0) {
                throw new EOFException("the server closed the connection during the handshake");
            }
            limit += read;
        }
    }

    /** Makes at least {@code count} bytes from {@link #position} readable, reading, compacting or growing the buffer. */
    private void fill(int count, boolean midFrame) throws IOException {
        if (limit - position >= count) {
            return;
        }
        if (buffer.length - position < count) {
            byte[] target = buffer.length >= count ? buffer
                    : new byte[(int) Math.min(Math.max(count, 2L * buffer.length), (long) maxMessageBytes + MAX_HEADER)];
            System.arraycopy(buffer, position, target, 0, limit - position);
            buffer = target;
            limit -= position;
            position = 0;
        }
        while (limit - position < count) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new EOFException(midFrame || limit > position ? "the connection ended in the middle of a frame"
                        : "the connection ended without a close frame");
            }
            limit += read;
        }
    }

    private static WebSocketProtocolException protocol(String what) {
        return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, "protocol error: " + what);
    }

    boolean fin() {
        return fin;
    }

    int opcode() {
        return opcode;
    }

    byte[] buffer() {
        return buffer;
    }

    int payloadOffset() {
        return payloadOffset;
    }

    int payloadLength() {
        return payloadLength;
    }
}
