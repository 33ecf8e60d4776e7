package io.chainwatch.endpoints.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Writes client frames: masked with a fresh key each (RFC 6455 section 5.3), each frame built whole
 * and written in one call under this object's lock, so that frames from several threads never
 * interleave. Thread-safe.
 */
final class FrameOutput {
    private final OutputStream out;
    private final SecureRandom random;
    private final byte[] mask = new byte[4];

    FrameOutput(OutputStream out, SecureRandom random) {
        this.out = out;
        this.random = random;
    }

    void write(int opcode, boolean fin, byte[] payload) throws IOException {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + 4 + length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        synchronized (this) {
            random.nextBytes(mask);
            System.arraycopy(mask, 0, frame, header, 4);
            for (int i = 0; i < length; i++) {
                frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(frame);
            out.flush();
        }
    }
}
