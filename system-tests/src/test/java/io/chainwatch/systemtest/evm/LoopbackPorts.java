package io.chainwatch.systemtest.evm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a chainwatch the test starts, chosen below the kernel's ephemeral range.
 *
 * <p>A port found free with {@code new ServerSocket(0)} comes from the ephemeral range, and so can be
 * handed out again before chainwatch binds it: to the demo's own simulators and PostgreSQL (which bind
 * port 0) or as the local end of any outgoing connection. CI once lost a run to exactly that
 * ("Port already in use"). The kernel never picks a port below the range by itself, so one found free
 * there stays free until someone asks for it by number.
 */
public final class LoopbackPorts {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;

    private LoopbackPorts() {
    }

    /** A port on 127.0.0.1 that nothing listens on, outside the ephemeral range. */
    public static int unused() {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOWEST + ".." + (below - 1) + " after 200 tries");
    }

    private static int ephemeralLow() {
        // Read as a stream: /proc reports a size of 0, which Files.readString trusts and cuts the text short.
        try (InputStream in = Files.newInputStream(RANGE)) {
            int low = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
            if (low <= LOWEST + 1_000) {
                throw new IllegalStateException(RANGE + " starts at " + low + ": no room below it for a test's port");
            }
            return low;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ephemeral port range from " + RANGE, e);
        }
    }
}
